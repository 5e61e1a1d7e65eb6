package io.geofusion.probe;

/**
 * The chosen backend cannot run this probe here (missing privilege, tool not installed, method
 * not supported); the message says which and what to do.
 */
public final class ProbeUnavailableException extends ProbeException {

  private static final long serialVersionUID = 1L;

  public ProbeUnavailableException(String message) {
    super(message, null);
  }
}
