package org.imsfhir.routes.outbound;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an answer's body up to a limit and then stops reading (the connection is dropped), so that
 * a receiver cannot make the adapter hold an unbounded answer in memory.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Body> {

    /** The text read (UTF-8), and whether the answer was longer than the limit. */
    record Body(String text, boolean truncated) {
    }

    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private CappedBody(long limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<Body> handler(long limit) {
        return info -> new CappedBody(limit);
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            int take = (int) Math.min(b.remaining(), limit - bytes.size());
            byte[] chunk = new byte[take];
            b.get(chunk);
            bytes.write(chunk, 0, take);
            if (b.hasRemaining()) {
                result.complete(new Body(text(), true));
                subscription.cancel();
                return;
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(new Body(text(), false));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
