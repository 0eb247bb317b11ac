package dev.mutualtls.recipes.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A real unary gRPC service without generated code: {@code mutualtls.Subject/Get} answers with the subject of the
 * certificate the caller authenticated with. The method is a {@link MethodDescriptor} with a UTF-8 string marshaller
 * and the service a hand-written {@link ServerServiceDefinition}, so no protoc plugin is needed; on the wire it is
 * ordinary gRPC over HTTP/2. The caller's TLS session reaches the handler the way gRPC-java exposes it: an interceptor
 * reads {@link Grpc#TRANSPORT_ATTR_SSL_SESSION} from the call and puts it in the {@link Context}.
 */
public final class SubjectService {
  /** {@code mutualtls.Subject/Get}: any string in, the caller's certificate subject out. */
  public static final MethodDescriptor<String, String> GET = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("mutualtls.Subject", "Get"))
      .setRequestMarshaller(Utf8.INSTANCE)
      .setResponseMarshaller(Utf8.INSTANCE)
      .build();

  private static final Context.Key<SSLSession> TLS_SESSION = Context.key("tls-session");

  private SubjectService() {}

  /** The service, with the interceptor that hands the caller's TLS session to it. */
  public static ServerServiceDefinition definition() {
    ServerServiceDefinition service = ServerServiceDefinition.builder("mutualtls.Subject")
        .addMethod(GET, ServerCalls.asyncUnaryCall((request, response) -> {
          try {
            X509Certificate caller = (X509Certificate) TLS_SESSION.get().getPeerCertificates()[0];
            response.onNext(caller.getSubjectX500Principal().getName());
            response.onCompleted();
          } catch (SSLPeerUnverifiedException e) {
            response.onError(Status.UNAUTHENTICATED.withDescription("no client certificate").asRuntimeException());
          }
        }))
        .build();
    return ServerInterceptors.intercept(service, new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        return Contexts.interceptCall(Context.current().withValue(TLS_SESSION, session), call, headers, next);
      }
    });
  }

  /** Calls {@code Get} on {@code channel}; a failure, or no answer within {@code deadline}, is gRPC's exception. */
  public static String call(Channel channel, Duration deadline) {
    return ClientCalls.blockingUnaryCall(channel, GET,
        CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), "who am I?");
  }

  /** Strings as UTF-8 bytes: the simplest message format gRPC can carry. */
  private enum Utf8 implements MethodDescriptor.Marshaller<String> {
    INSTANCE;

    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
