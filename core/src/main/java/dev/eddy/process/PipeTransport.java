package dev.eddy.process;

import dev.eddy.net.ChannelTransport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;

/**
 * One end of a {@link Pipe} under an {@link dev.eddy.net.IOStream}: the loop's end of the
 * pipe between the loop and a {@link PipePump}. A child's stdout is read through the
 * source end of such a pipe, its stdin written through the sink end.
 *
 * <p>Why a pipe in between: a {@code Process}'s own streams are blocking
 * {@code InputStream}s and {@code OutputStream}s that no selector can watch. A
 * {@code java.nio.channels.Pipe} can be watched, so the loop gets a selectable channel, and
 * with it the whole {@code IOStream}: reads until a delimiter, n bytes, to the end, writes
 * with back-pressure; and a pump thread copies between the two. (Tornado does the same
 * with its {@code PipeIOStream}, except that on Unix it can select on the child's pipe itself.)
 *
 * <p>Plain, like a socket: registration and interest go straight to the loop
 * ({@link ChannelTransport}). Loop thread only, like every transport.
 */
final class PipeTransport extends ChannelTransport {

    private final Pipe.SourceChannel source;   // set when the loop reads from the pipe
    private final Pipe.SinkChannel sink;       // set when the loop writes into it

    private PipeTransport(Pipe.SourceChannel source, Pipe.SinkChannel sink) {
        this.source = source;
        this.sink = sink;
    }

    /** The loop reads what the pump writes into {@code pipe}. */
    static PipeTransport reading(Pipe pipe) {
        return new PipeTransport(pipe.source(), null);
    }

    /** The loop writes what the pump reads out of {@code pipe}. */
    static PipeTransport writing(Pipe pipe) {
        return new PipeTransport(null, pipe.sink());
    }

    @Override
    public SelectableChannel channel() {
        return source != null ? source : sink;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (source == null) {
            throw new IOException("this end of the pipe is for writing (it is a child's stdin)");
        }
        return source.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (sink == null) {
            throw new IOException("this end of the pipe is for reading (it is a child's output)");
        }
        return sink.write(srcs, offset, length);
    }

    @Override
    public String toString() {
        return source != null ? "pipe source" : "pipe sink";
    }
}
