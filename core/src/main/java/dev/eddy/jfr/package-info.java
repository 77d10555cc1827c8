/**
 * Every JDK Flight Recorder event Eddy records, all in category "Eddy": a blocked loop
 * ({@link dev.eddy.jfr.LoopBlockedEvent}), a slow callback
 * ({@link dev.eddy.jfr.SlowCallbackEvent}), each loop's statistics once a second
 * ({@link dev.eddy.jfr.LoopStatisticsEvent}), connections accepted and closed, and HTTP
 * requests served. docs/10-seeing-inside-the-loop.md shows how to record and read them.
 *
 * <p>Start reading at {@link dev.eddy.jfr.Flight}: nothing here is touched until a recording
 * starts, which is what keeps them free for a program nobody records. The package is the
 * library's own (not exported, except to {@code dev.eddy.http}); what users depend on are
 * the event names ({@code dev.eddy.LoopBlocked}, ...) and their fields.
 */
package dev.eddy.jfr;
