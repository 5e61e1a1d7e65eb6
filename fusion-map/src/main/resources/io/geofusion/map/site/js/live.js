/*
 * The live page: the current location of every host from GET v1/locations
 * ({"results": [host-location document...]}), then live updates from the server-sent events of
 * GET events (event name = document type: HOST_LOCATION, RECON_LATENCY_ANALYSIS, ALERT,
 * GRAPH_CHANGE, GEO_PATH; data = the library's JSON document). Both URLs are relative to the page, so the
 * page works wherever the server mounts it. The browser's EventSource reconnects by itself and
 * sends Last-Event-ID, so the server can resume without a gap.
 */
(function () {
  'use strict';
  var EVENT_TYPES = ['HOST_LOCATION', 'RECON_LATENCY_ANALYSIS', 'ALERT', 'GRAPH_CHANGE', 'GEO_PATH'];
  var status = document.getElementById('status');
  var mapElement = document.getElementById('map');

  function say(state, text) {
    mapElement.setAttribute('data-stream', state);
    status.textContent = text;
  }

  function json(url) {
    return fetch(url, {headers: {Accept: 'application/json'}}).then(function (r) {
      if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
      return r.json();
    });
  }

  function connect(map) {
    var source = new EventSource('events');
    source.onopen = function () { say('open', 'live: connected'); };
    source.onerror = function () {
      say(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting', 'live: reconnecting…');
    };
    EVENT_TYPES.forEach(function (type) {
      source.addEventListener(type, function (e) {
        var doc;
        try {
          doc = JSON.parse(e.data);
        } catch (err) {
          console.warn('geofusion: ignored a ' + type + ' event that is not JSON: ' + err.message);
          return;
        }
        map.apply(type, doc);
      });
    });
  }

  json('vendor/countries-110m.json').then(function (world) {
    var map = new GeoFusionMap(mapElement, world, document.getElementById('panel'));
    return json('v1/locations').then(function (body) {
      (body.results || []).forEach(function (doc) { map.showHostLocation(doc); });
      map.fit();
      mapElement.setAttribute('data-ready', 'true');
      connect(map);
    });
  }).catch(function (err) {
    say('failed', 'cannot load the map: ' + err.message);
    console.error('geofusion: ' + err.message);
  });
}());
