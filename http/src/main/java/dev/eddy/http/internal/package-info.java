/**
 * Not API: byte helpers shared by the server, the client and WebSocket. The module does not
 * export this package, so its public types are public only to the module's other packages and
 * may change in any release.
 *
 * <p>{@link dev.eddy.http.internal.Ascii} (the byte classes of the HTTP grammar, one table
 * load per byte), {@link dev.eddy.http.internal.HeaderNames} (common header names as constants,
 * so parsing one costs no string), {@link dev.eddy.http.internal.OutputBuffer} (the growable
 * byte array messages are encoded into), {@link dev.eddy.http.internal.StatusLines} (status
 * lines encoded once) and {@link dev.eddy.http.internal.DateCache} (the {@code Date} line,
 * formatted once a second).
 *
 * <p>This package depends on nothing else in the module, so every other package may use it.
 */
package dev.eddy.http.internal;
