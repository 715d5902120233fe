package io.github.camelkantata.users.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * A request body sent part after part without being assembled in memory: byte arrays and buffers are written as they
 * are, files are read from disk in small chunks as the connection takes them. Repeatable, so a retried upload sends the
 * same bytes again.
 *
 * @param contentType the body's content type
 * @param parts       each a {@code byte[]}, a {@link ByteBuffer} or a {@link Path}
 */
public record BodyParts(String contentType, List<Object> parts) {

    private static final int CHUNK = 64 * 1024;

    /** @return the body's length in bytes */
    public long length() {
        long n = 0;
        for (Object part : parts) {
            if (part instanceof byte[] b) {
                n += b.length;
            } else if (part instanceof ByteBuffer b) {
                n += b.remaining();
            } else if (part instanceof Path p) {
                try {
                    n += java.nio.file.Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                throw new IllegalArgumentException("Unsupported body part " + part.getClass().getName());
            }
        }
        return n;
    }

    /** @return the body for the classic client ({@code synchronous=true}), written part by part to the connection */
    org.apache.hc.core5.http.HttpEntity entity() {
        long length = length();
        return new org.apache.hc.core5.http.io.entity.AbstractHttpEntity(
                org.apache.hc.core5.http.ContentType.parse(contentType), null) {
            @Override
            public long getContentLength() {
                return length;
            }

            @Override
            public java.io.InputStream getContent() {
                throw new UnsupportedOperationException("written with writeTo");
            }

            @Override
            public boolean isRepeatable() {
                return true;
            }

            @Override
            public boolean isStreaming() {
                return false;
            }

            @Override
            public void writeTo(java.io.OutputStream out) throws IOException {
                byte[] copy = null;
                for (Object part : parts) {
                    if (part instanceof byte[] b) {
                        out.write(b);
                    } else if (part instanceof ByteBuffer b) {
                        ByteBuffer d = b.duplicate();
                        if (d.hasArray()) {
                            out.write(d.array(), d.arrayOffset() + d.position(), d.remaining());
                        } else {
                            copy = copy == null ? new byte[CHUNK] : copy;
                            while (d.hasRemaining()) {
                                int n = Math.min(copy.length, d.remaining());
                                d.get(copy, 0, n);
                                out.write(copy, 0, n);
                            }
                        }
                    } else if (part instanceof Path p) {
                        java.nio.file.Files.copy(p, out);
                    }
                }
            }

            @Override
            public void close() {
                // nothing held between writes
            }
        };
    }

    /** @return a fresh producer of the body, for one attempt */
    AsyncEntityProducer producer() {
        return new Producer(length());
    }

    /**
     * Writes the parts in order; a file is opened when its turn comes and closed when it is done or the attempt ends.
     */
    private final class Producer implements AsyncEntityProducer {
        private final long length;
        private int index;
        private ByteBuffer current;
        private FileChannel file;
        private ByteBuffer chunk;

        Producer(long length) {
            this.length = length;
        }

        @Override
        public synchronized void produce(DataStreamChannel channel) throws IOException {
            while (true) {
                if (current == null || !current.hasRemaining()) {
                    if (!advance()) {
                        channel.endStream();
                        releaseResources();
                        return;
                    }
                    continue;
                }
                channel.write(current);
                if (current.hasRemaining()) {
                    return; // the connection is full: produce() is called again when it drains
                }
            }
        }

        /** @return false when every part was written */
        private boolean advance() throws IOException {
            if (file != null) {
                chunk.clear();
                if (file.read(chunk) > 0) {
                    chunk.flip();
                    current = chunk;
                    return true;
                }
                file.close();
                file = null;
            }
            if (index >= parts.size()) {
                return false;
            }
            Object part = parts.get(index++);
            if (part instanceof byte[] b) {
                current = ByteBuffer.wrap(b);
            } else if (part instanceof ByteBuffer b) {
                current = b.duplicate();
            } else {
                file = FileChannel.open((Path) part, StandardOpenOption.READ);
                if (chunk == null) {
                    chunk = ByteBuffer.allocate(CHUNK);
                }
                current = null;
            }
            return true;
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }

        @Override
        public void failed(Exception cause) {
            releaseResources();
        }

        @Override
        public long getContentLength() {
            return length;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getContentEncoding() {
            return null;
        }

        @Override
        public boolean isChunked() {
            return false;
        }

        @Override
        public Set<String> getTrailerNames() {
            return null;
        }

        @Override
        public int available() {
            return Integer.MAX_VALUE;
        }

        @Override
        public synchronized void releaseResources() {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // closing a file opened for reading
                }
                file = null;
            }
        }
    }
}
