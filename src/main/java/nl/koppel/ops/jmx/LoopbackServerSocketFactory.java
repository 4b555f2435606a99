package nl.koppel.ops.jmx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;

/**
 * Server sockets on one address only (127.0.0.1 by default), for the RMI registry and the connector alike. A
 * record, so two instances are equal and RMI lets registry and connector share one port.
 */
record LoopbackServerSocketFactory(String host) implements RMIServerSocketFactory {

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new ServerSocket(port, 50, InetAddress.getByName(host));
    }
}
