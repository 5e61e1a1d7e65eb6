package io.geofusion.server;

import java.util.Map;
import java.util.Objects;

/**
 * A route added to the server by its embedder (e.g. {@code GET /v1/history/{address}} once a
 * history store is wired in), behind the same authentication, limits and JSON errors as the
 * built-in ones. Runs on a request thread; must be thread-safe.
 */
@FunctionalInterface
public interface ExtraRoute {

  /**
   * Answers one request.
   *
   * @param request the path parameters, query parameters and body of the request
   * @return the JSON text to send with status 200
   * @throws ApiException to refuse the request with a status and a one-line message
   * @throws Exception anything else is a 500 with the exception's message
   */
  String handle(Request request) throws Exception;

  /**
   * One request as an extra route sees it.
   *
   * @param pathParams {@code {name}} segments of the route's path
   * @param queryParams the first value of each query parameter
   * @param body the body as UTF-8 text (at most {@link ServerLimits#maxBodyBytes}), empty for GET
   */
  record Request(Map<String, String> pathParams, Map<String, String> queryParams, String body) {
    /** Copies the maps. */
    public Request {
      pathParams = Map.copyOf(pathParams);
      queryParams = Map.copyOf(queryParams);
      Objects.requireNonNull(body, "body");
    }
  }
}
