/**
 * HTTP/1.1 server and client on the Eddy loop. The wire format (parser, chunked codec)
 * lives in its own package.
 */
package dev.eddy.http;
