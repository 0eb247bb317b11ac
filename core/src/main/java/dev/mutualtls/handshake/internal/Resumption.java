package dev.mutualtls.handshake.internal;

import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * Tells whether a client's handshake resumed a cached session, from what the JDK's provider (SunJSSE) shows: a
 * resumed session is one the client's session cache held before the handshake (TLS 1.2: the session itself; TLS 1.3:
 * the session a NewSessionTicket made), and it keeps the creation time of the session it continues, while a full
 * handshake makes a session with a new ID created during the handshake. Both must agree, or the answer is unknown.
 */
public final class Resumption {
  private final boolean jsse;
  private final Set<String> cached;
  private final long startMillis;

  private Resumption(boolean jsse, Set<String> cached, long startMillis) {
    this.jsse = jsse;
    this.cached = cached;
    this.startMillis = startMillis;
  }

  /** What {@code context}'s client session cache holds now, before a handshake. */
  public static Resumption before(SSLContext context) {
    boolean jsse = "SunJSSE".equals(context.getProvider().getName());
    Set<String> ids = new HashSet<>();
    SSLSessionContext sessions = jsse ? context.getClientSessionContext() : null;
    if (sessions != null) {
      for (byte[] id : Collections.list(sessions.getIds())) {
        ids.add(HexFormat.of().formatHex(id));
      }
    }
    return new Resumption(jsse, ids, System.currentTimeMillis());
  }

  /** True if {@code session} was resumed, false if it is new, null if the evidence is missing or disagrees. */
  public Boolean resumed(SSLSession session) {
    if (!jsse || session == null) {
      return null;
    }
    boolean wasCached = cached.contains(HexFormat.of().formatHex(session.getId()));
    boolean olderThanHandshake = session.getCreationTime() < startMillis;
    return wasCached == olderThanHandshake ? wasCached : null;
  }
}
