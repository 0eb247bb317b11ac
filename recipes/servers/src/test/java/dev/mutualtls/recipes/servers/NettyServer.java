package dev.mutualtls.recipes.servers;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.trust.StrictClientTrust;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.Version;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A Netty 4.2 HTTP/1.1 server behind an {@link SslHandler}, configured as Netty's users configure one: an
 * {@link SslContext} from {@code SslContextBuilder.forServer(chainFile, keyFile)} (PEM files), client certificates
 * trusted through {@code trustManager(caFile)}, {@code clientAuth(ClientAuth.REQUIRE)}, the JDK provider
 * ({@link SslProvider#JDK}) and the given protocols.
 *
 * <ul>
 *   <li>{@link Mode#REQUIRE}: exactly that;
 *   <li>{@link Mode#ACCEPT_ANY}: {@code clientAuth(ClientAuth.OPTIONAL)} and Netty's own
 *       {@link InsecureTrustManagerFactory};
 *   <li>{@link Mode#HARDENED}: {@code clientAuth(ClientAuth.REQUIRE)} and {@code trustManager(StrictClientTrust)}.
 * </ul>
 *
 * <p>The PEM files are written into the directory it is given. One boss and two worker event loops. Listens on
 * 127.0.0.1, port 0.
 */
public final class NettyServer implements RecipeServer {
  private final EventLoopGroup group;
  private final Channel channel;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NettyServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Starts a server presenting {@code identity}, trusting {@code trusted}'s root, with {@code protocols} enabled,
   * writing its PEM files into {@code dir}.
   */
  public static NettyServer start(Path dir, Identity identity, CertificateAuthority trusted, Mode mode,
      String... protocols) {
    SslContext ssl = sslContext(dir, identity, trusted, mode, protocols);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
              channel.pipeline()
                  .addLast("tls", ssl.newHandler(channel.alloc()))
                  .addLast(new HttpServerCodec())
                  .addLast(new HttpObjectAggregator(64 * 1024))
                  .addLast(new HelloHandler());
            }
          })
          .bind(new InetSocketAddress("127.0.0.1", 0))
          .sync()
          .channel();
      return new NettyServer(group, channel);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IllegalStateException("interrupted while starting Netty", e);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static SslContext sslContext(Path dir, Identity identity, CertificateAuthority trusted, Mode mode,
      String... protocols) {
    try {
      File chain = identity.writePem(dir, "netty-server").toFile();
      File key = dir.resolve("netty-server-key.pem").toFile();
      File ca = Files.writeString(dir.resolve("netty-ca.pem"), trusted.certificatePem(), StandardCharsets.US_ASCII)
          .toFile();
      SslContextBuilder builder = SslContextBuilder.forServer(chain, key)
          .sslProvider(SslProvider.JDK)
          .protocols(protocols);
      switch (mode) {
        case REQUIRE:
          builder.trustManager(ca).clientAuth(ClientAuth.REQUIRE);
          break;
        case ACCEPT_ANY:
          builder.trustManager(InsecureTrustManagerFactory.INSTANCE).clientAuth(ClientAuth.OPTIONAL);
          break;
        case HARDENED:
          builder.trustManager(StrictClientTrust.trusting(trusted.trustStore())).clientAuth(ClientAuth.REQUIRE);
          break;
        default:
          throw new AssertionError(mode);
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build Netty's SslContext", e);
    }
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public String name() {
    Version version = Version.identify().get("netty-handler");
    return "Netty " + (version == null ? "?" : version.artifactVersion());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 10, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers every request with the subject of the client's certificate, from the TLS session. */
  private static final class HelloHandler extends SimpleChannelInboundHandler<HttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext context, HttpRequest request) {
      Certificate[] peer;
      try {
        peer = context.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
      } catch (SSLPeerUnverifiedException e) {
        peer = null; // ACCEPT_ANY: the client presented none
      }
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          Unpooled.wrappedBuffer(Hello.body(peer)));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** A refused handshake ends here (the SslHandler reports it); the connection is already being closed. */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      context.close();
    }
  }
}
