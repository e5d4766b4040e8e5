package org.imsfhir.adapter.validation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JVM-wide guard that records and refuses every outgoing connection attempt, without a
 * SecurityManager. It replaces the default {@link ProxySelector}, which the JDK consults before
 * every {@code java.net.Socket} connect (as {@code socket://host:port}), every
 * {@code HttpURLConnection} and every {@code java.net.http.HttpClient} request (as well as OkHttp's
 * default client); each attempt is recorded and sent to a proxy on a closed local port, so it fails
 * at once instead of reaching the network. {@link #close()} restores the previous selector.
 */
final class ConnectionGuard extends ProxySelector implements AutoCloseable {

    /** Port 1 on loopback: nothing listens there, so the "proxy" refuses at once. */
    private static final InetSocketAddress REFUSING = new InetSocketAddress("127.0.0.1", 1);

    private final ProxySelector previous;
    private final List<URI> attempts = new CopyOnWriteArrayList<>();

    private ConnectionGuard(ProxySelector previous) {
        this.previous = previous;
    }

    static ConnectionGuard install() {
        ConnectionGuard guard = new ConnectionGuard(ProxySelector.getDefault());
        ProxySelector.setDefault(guard);
        return guard;
    }

    @Override
    public List<Proxy> select(URI uri) {
        attempts.add(uri);
        Proxy.Type type = "socket".equalsIgnoreCase(uri.getScheme()) ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
        return List.of(new Proxy(type, REFUSING));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // Already recorded in select().
    }

    /** Every URI the JDK asked about, in order. */
    List<URI> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public void close() {
        ProxySelector.setDefault(previous);
    }
}
