package io.fuzzycal.feeds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Fetches a feed over HTTP(S) with a connect and a whole-response timeout; any failure is an IOException. */
final class FeedFetcher {
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    private final HttpClient client;
    private final Duration readTimeout;
    private final Duration total;

    FeedFetcher(Duration connectTimeout, Duration readTimeout) {
        this.total = connectTimeout.plus(readTimeout);
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.readTimeout = readTimeout;
    }

    byte[] fetch(URI feed) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(feed).timeout(readTimeout)
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8")
                .header("User-Agent", "fuzzycal-feed").GET().build();
        CompletableFuture<HttpResponse<byte[]>> response =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> r;
        try {
            // the request timeout ends at the headers; this one also bounds a body that trickles
            r = response.get(total.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new IOException("timed out: no complete response within " + total.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new IOException("timed out: no response within " + readTimeout.toMillis() + " ms", cause);
            }
            throw new IOException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + r.statusCode());
        }
        if (r.body().length > MAX_BYTES) {
            throw new IOException("the feed is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
        }
        return r.body();
    }
}
