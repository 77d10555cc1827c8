/**
 * The heart of Eddy: the {@link dev.eddy.IOLoop} and the {@link dev.eddy.Future} it delivers.
 *
 * <p>Start reading at {@link dev.eddy.IOLoop} (the public face, which builds the parts),
 * {@link dev.eddy.LoopRun} (one iteration: callbacks, timers, select, IO events) and
 * {@link dev.eddy.LoopThread} (which thread is the loop thread), then
 * {@link dev.eddy.LoopCallbacks} and {@link dev.eddy.CallbackQueue} (how other threads hand
 * work over, and why the loop is woken only when it sleeps), then {@link dev.eddy.LoopTimers}, {@link dev.eddy.TimerQueue} and
 * {@link dev.eddy.Timeout} (how timers are kept and run), then {@link dev.eddy.LoopSelector}
 * and {@link dev.eddy.ChannelRegistration} (channels and their handlers), then
 * {@link dev.eddy.Future} and
 * {@link dev.eddy.Promise} (a result that arrives later, and why its callbacks never run
 * inline), then {@link dev.eddy.Futures} (combinators). {@link dev.eddy.BlockingWatchdog}
 * shows how a loop notices it is blocked. The chapter that goes with it:
 * {@code docs/01-the-loop.md}.
 */
package dev.eddy;
