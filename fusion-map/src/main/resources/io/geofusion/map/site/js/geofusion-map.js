/*
 * GeoFusion map drawing, shared by the live page (index.html with live.js) and the one-file HTML
 * report (io.geofusion.map.HtmlReport inlines this file). It draws the library's own documents
 * (docs/schemas/: host-location, recon-latency-analysis, graph-event) and the GeoJSON features of
 * its writers (io.geofusion.json.FusionJson, GeoPathGeoJson) with Leaflet over the Natural Earth
 * basemap, and never touches the network: no tiles, no fonts, no CDN.
 *
 * Every drawn feature is counted by its kind; the counts are on the map element for tests and
 * tools: data-feature-count (all), data-kind-counts (JSON {kind: n}), data-events (live events
 * applied). Positions in GeoJSON are [lon, lat] (RFC 7946 §3.1.1).
 */
(function (global) {
  'use strict';

  var EARTH_RADIUS_KM = 6371.0088; // mean radius (IUGG); the drawing error is below 0.5 %
  var RING_VERTICES = 72; // as FusionJson's rings
  var MAX_AXIS_KM = 19000; // as FusionJson: past this a 2-sigma contour means nothing

  /** Styles by feature kind, and the legend's words for them. */
  var KINDS = {
    estimate: {label: 'estimate', point: {radius: 5, color: '#8b0000', weight: 1.5, fillColor: '#d7263d', fillOpacity: 1}},
    confidence_circle: {label: '50 % / 90 % circle', style: function (p) {
      return p.probability === 0.5
        ? {color: '#f46036', weight: 2, fillOpacity: 0.18}
        : {color: '#f46036', weight: 1.5, dashArray: '6 4', fillOpacity: 0.05};
    }},
    mixture_component: {label: 'mixture ellipse (2 σ)', style: function () {
      return {color: '#7b2cbf', weight: 1.5, dashArray: '2 4', fill: false};
    }},
    // outlines only: many overlap, and one of a far vantage can cover most of the Earth
    vantage_disk: {label: 'vantage RTT disk', style: function () {
      return {color: '#2e86ab', weight: 1, opacity: 0.7, fill: false};
    }},
    vantage: {label: 'vantage', point: {radius: 6, color: '#2e86ab', weight: 2, fillColor: '#ffffff', fillOpacity: 1}},
    waypoint: {label: 'geo-path hop', point: {radius: 4, color: '#0b6e4f', weight: 1, fillColor: '#1b998b', fillOpacity: 1}},
    geoip_accuracy: {label: 'hop GeoIP accuracy', style: function () {
      return {color: '#888888', weight: 1, fillOpacity: 0.05};
    }},
    arc: {label: 'geo-path arc (great circle)', style: function () {
      return {color: '#1b998b', weight: 2.5, opacity: 0.9};
    }},
    alert: {label: 'alert', point: {radius: 12, color: '#c00000', weight: 3, fill: false}}
  };

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  function rad(d) { return d * Math.PI / 180; }
  function deg(r) { return r * 180 / Math.PI; }

  /** The point at distanceKm along the great circle from (lat, lon) at bearing (deg from north). */
  function destination(lat, lon, bearingDeg, distanceKm) {
    var d = distanceKm / EARTH_RADIUS_KM, b = rad(bearingDeg), p1 = rad(lat), l1 = rad(lon);
    var p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
    var l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1),
      Math.cos(d) - Math.sin(p1) * Math.sin(p2));
    return [deg(l2), deg(p2)];
  }

  /**
   * An ellipse (a circle when a == b) on the sphere as a GeoJSON Polygon: semi-axes in km, the
   * major axis at bearingDeg. Longitudes are unwrapped so a ring across the antimeridian stays in
   * one piece; a ring around a pole is closed through the pole.
   */
  function ellipsePolygon(lat, lon, aKm, bKm, bearingDeg) {
    var a = Math.min(aKm, MAX_AXIS_KM), b = Math.min(bKm, a), th = rad(bearingDeg || 0);
    var ring = [], prev = null;
    for (var i = 0; i < RING_VERTICES; i++) {
      var t = 2 * Math.PI * i / RING_VERTICES;
      var east = a * Math.cos(t) * Math.sin(th) + b * Math.sin(t) * Math.cos(th);
      var north = a * Math.cos(t) * Math.cos(th) - b * Math.sin(t) * Math.sin(th);
      var p = destination(lat, lon, deg(Math.atan2(east, north)), Math.sqrt(east * east + north * north));
      if (prev !== null) {
        while (p[0] - prev[0] > 180) { p[0] -= 360; }
        while (p[0] - prev[0] < -180) { p[0] += 360; }
      }
      ring.push(p);
      prev = p;
    }
    var first = ring[0], last = ring[ring.length - 1], close = first[0];
    while (close - last[0] > 180) { close -= 360; }
    while (close - last[0] < -180) { close += 360; }
    if (Math.abs(close - first[0]) > 1e-9) { // it went round a pole: run to it and back
      var pole = lat >= 0 ? 90 : -90;
      ring.push([close, first[1]], [close, pole], [first[0], pole]);
    }
    ring.push([first[0], first[1]]);
    return {type: 'Polygon', coordinates: [ring]};
  }

  function feature(kind, geometry, properties) {
    var p = {kind: kind};
    for (var k in properties) { if (Object.prototype.hasOwnProperty.call(properties, k)) { p[k] = properties[k]; } }
    return {type: 'Feature', geometry: geometry, properties: p};
  }

  function point(lat, lon) { return {type: 'Point', coordinates: [lon, lat]}; }

  function entityOf(doc) {
    var n = doc.node || doc.node_id || doc.entity || doc.target || '';
    return String(n).replace(/^host:/, '');
  }

  /** Where a host-location document puts its host: the estimate, the circle centre or the heaviest centroid. */
  function positionOf(doc) {
    if (doc.estimate && typeof doc.estimate.lat === 'number') { return doc.estimate; }
    var ld = doc.location_distribution;
    if (!ld) { return null; }
    if (ld.circle) { return ld.circle; }
    var best = null;
    (ld.centroids || []).forEach(function (c) { if (!best || c.weight > best.weight) { best = c; } });
    return best;
  }

  function alertsOf(doc) {
    if (Array.isArray(doc.alerts)) { return doc.alerts; }
    if (doc.alert && typeof doc.alert === 'object') { return [doc.alert]; }
    if (doc.interpretation || doc.severity !== undefined) { return [doc]; }
    return [];
  }

  /** One alert feature per alert of a document, at its host's position (none when unplaced). */
  function alertFeatures(doc, at) {
    var where = at || positionOf(doc);
    if (!where) { return []; }
    var target = entityOf(doc);
    return alertsOf(doc).map(function (a) {
      return feature('alert', point(where.lat, where.lon), {target: target, alert: a.type,
        interpretation: a.interpretation, severity: a.severity, detail: a.detail});
    });
  }

  /**
   * The features of a host-location document (or a graph node carrying its location shape): the
   * estimate, the 50 % and 90 % circles (confidence_circles radii around
   * location_distribution.circle's centre), one 2-sigma ellipse per mixture component with a
   * known spread, and its alerts; the same kinds FusionJson.geoJsonFeatures writes. An abstained
   * document (no place) has none.
   */
  function hostLocationFeatures(doc) {
    var at = positionOf(doc);
    if (!at || doc.abstained === true) { return []; }
    var target = entityOf(doc), out = [];
    out.push(feature('estimate', point(at.lat, at.lon), {target: target,
      uncertainty_km: doc.location_distribution && doc.location_distribution.uncertainty_km,
      host_class: doc.host_class && doc.host_class.label}));
    var ld = doc.location_distribution || {};
    var centre = ld.circle || at;
    var circles = Array.isArray(doc.confidence_circles) ? doc.confidence_circles
      : (ld.circle ? [{probability: ld.circle.probability, radius_km: ld.circle.radius_km}] : []);
    circles.forEach(function (c) {
      if (c.radius_km > 0) {
        out.push(feature('confidence_circle', ellipsePolygon(centre.lat, centre.lon, c.radius_km, c.radius_km, 0),
          {target: target, probability: c.probability, radius_km: c.radius_km}));
      }
    });
    (ld.centroids || []).forEach(function (c) {
      if (c.sigma_major_km > 0) {
        out.push(feature('mixture_component', ellipsePolygon(c.lat, c.lon, 2 * c.sigma_major_km,
          2 * c.sigma_minor_km, c.major_axis_bearing_deg), {target: target, weight: c.weight, sigmas: 2}));
      }
    });
    return out.concat(alertFeatures(doc, at));
  }

  function describe(p) {
    var rows = [];
    ['kind', 'target', 'node', 'probability', 'radius_km', 'weight', 'vantage', 'min_rtt_ms',
      'address', 'ttl', 'city', 'country_iso_code', 'distance_km', 'alert', 'interpretation',
      'severity', 'detail', 'host_class', 'uncertainty_km'].forEach(function (k) {
      if (p[k] !== undefined && p[k] !== null && p[k] !== '') {
        rows.push('<b>' + escapeHtml(k) + '</b> ' + escapeHtml(p[k]));
      }
    });
    return rows.join('<br>');
  }

  function layerOf(f) {
    var kind = KINDS[f.properties.kind] || KINDS.estimate;
    return L.geoJSON(f, {
      style: function (g) { return kind.style ? kind.style(g.properties) : {}; },
      pointToLayer: function (g, latlng) { return L.circleMarker(latlng, kind.point || KINDS.estimate.point); }
    }).bindTooltip(describe(f.properties), {sticky: true});
  }

  /**
   * A map in element over the basemap topology (world-atlas countries TopoJSON). panel, when
   * given, receives the legend and a list of alerts and documents.
   */
  function GeoFusionMap(element, basemapTopology, panel) {
    this.element = element;
    this.panel = panel || null;
    this.map = L.map(element, {worldCopyJump: false, zoomSnap: 0.25, minZoom: 1})
      .setView([25, 10], 2);
    this.map.attributionControl.addAttribution('Boundaries: Natural Earth');
    L.geoJSON(topojson.feature(basemapTopology, basemapTopology.objects.countries), {
      interactive: false,
      style: {color: '#9aa5b1', weight: 0.6, fillColor: '#efece3', fillOpacity: 1}
    }).addTo(this.map);
    this.groups = {}; // key -> {layer, features}
    this.events = 0;
    this.positions = {}; // entity -> {lat, lon}, for alerts that arrive on their own
    if (this.panel) { this.renderLegend(); }
    this.updateCounts();
  }

  GeoFusionMap.prototype.renderLegend = function () {
    var html = '<h2>Legend</h2><ul class="legend">';
    Object.keys(KINDS).forEach(function (k) {
      var s = KINDS[k].point || KINDS[k].style({probability: 0.5});
      html += '<li><span class="swatch" style="border-color:' + s.color + ';background:'
        + (s.fillColor || (s.fill === false ? 'transparent' : s.color)) + '"></span>'
        + escapeHtml(KINDS[k].label) + '</li>';
    });
    html += '</ul><h2>Alerts</h2><ul id="gf-alerts" class="alerts"></ul><h2>Targets</h2><ul id="gf-targets" class="targets"></ul>';
    this.panel.innerHTML = html;
  };

  /** Replaces what is drawn under key by features (an empty list removes it). */
  GeoFusionMap.prototype.setFeatures = function (key, features) {
    var old = this.groups[key];
    if (old) { this.map.removeLayer(old.layer); delete this.groups[key]; }
    if (features.length > 0) {
      var group = L.featureGroup(features.filter(function (f) { return f.geometry; }).map(layerOf));
      group.addTo(this.map);
      this.groups[key] = {layer: group, features: features.filter(function (f) { return f.geometry; })};
    }
    this.updateCounts();
  };

  GeoFusionMap.prototype.updateCounts = function () {
    var counts = {}, total = 0, groups = this.groups;
    Object.keys(groups).forEach(function (key) {
      groups[key].features.forEach(function (f) {
        counts[f.properties.kind] = (counts[f.properties.kind] || 0) + 1;
        total++;
      });
    });
    this.element.setAttribute('data-feature-count', String(total));
    this.element.setAttribute('data-kind-counts', JSON.stringify(counts));
    this.element.setAttribute('data-events', String(this.events));
  };

  GeoFusionMap.prototype.listItem = function (listId, key, html) {
    if (!this.panel) { return; }
    var list = this.panel.querySelector('#' + listId);
    var li = list.querySelector('li[data-key="' + CSS.escape(key) + '"]');
    if (!li) {
      li = document.createElement('li');
      li.setAttribute('data-key', key);
      list.appendChild(li);
    }
    li.innerHTML = html;
  };

  GeoFusionMap.prototype.noteDocument = function (doc) {
    var target = entityOf(doc), self = this;
    if (doc.type === 'GEO_PATH') {
      this.listItem('gf-targets', 'path:' + (doc.destination || target), 'geo-path to <b>'
        + escapeHtml(doc.destination) + '</b>: ' + (doc.waypoints || []).length + ' hops'
        + ((doc.anomalies || []).length ? ', ' + escapeHtml(doc.anomalies.join(', ')) : ''));
      return;
    }
    var at = positionOf(doc);
    if (at) { this.positions[target] = at; }
    var ld = doc.location_distribution || {};
    var r = (doc.confidence_circles || []).map(function (c) {
      return Math.round(c.probability * 100) + ' %: ' + c.radius_km + ' km';
    }).join(', ');
    this.listItem('gf-targets', 'host:' + target, '<b>' + escapeHtml(target) + '</b> '
      + (doc.abstained ? 'abstained (no evidence)' : at ? escapeHtml(at.lat + ', ' + at.lon)
        + (r ? ' (' + escapeHtml(r) + ')' : '') : '')
      + (doc.host_class ? ' · ' + escapeHtml(doc.host_class.label) : '')
      + (ld.uncertainty_km !== undefined && !r ? ' · ±' + escapeHtml(ld.uncertainty_km) + ' km' : ''));
    alertsOf(doc).forEach(function (a) {
      self.listItem('gf-alerts', target + '/' + a.type, '<b>' + escapeHtml(target) + '</b> '
        + escapeHtml(a.type) + ' (' + escapeHtml(a.interpretation) + ', severity '
        + escapeHtml(a.severity) + '): ' + escapeHtml(a.detail || ''));
    });
  };

  /** HOST_LOCATION: replaces the host's features by those of the document. */
  GeoFusionMap.prototype.showHostLocation = function (doc) {
    this.setFeatures('host:' + entityOf(doc), hostLocationFeatures(doc));
    this.noteDocument(doc);
  };

  /**
   * GEO_PATH: replaces the path to its destination by the GeoJSON features the event carries
   * (features: the library's waypoints, great-circle arcs and accuracy circles), plus its alerts.
   */
  GeoFusionMap.prototype.showGeoPath = function (doc) {
    var fc = doc.features || {};
    this.setFeatures('path:' + (doc.destination || doc.vantage_id || ''),
      (fc.features || []).concat(alertFeatures(doc)));
    this.noteDocument(doc);
  };

  /**
   * RECON_LATENCY_ANALYSIS: listed; drawn as a vantage disk of radius distance.max_km when the
   * document places its vantage (vantage_location {lat, lon}, an optional richer field).
   */
  GeoFusionMap.prototype.showLatencyAnalysis = function (doc) {
    var key = 'rtt:' + doc.entity + '/' + (doc.vantage || '');
    var v = doc.vantage_location, d = doc.distance;
    var fs = v && d && d.max_km > 0 ? [feature('vantage_disk', ellipsePolygon(v.lat, v.lon, d.max_km, d.max_km, 0),
      {target: doc.entity, vantage: doc.vantage, min_rtt_ms: doc.metrics && doc.metrics.min_rtt, radius_km: d.max_km})] : [];
    this.setFeatures(key, fs);
    this.listItem('gf-targets', key, 'RTT to <b>' + escapeHtml(doc.entity) + '</b>'
      + (doc.vantage ? ' from ' + escapeHtml(doc.vantage) : '') + ': min '
      + escapeHtml(doc.metrics ? doc.metrics.min_rtt : '?') + ' ms'
      + (d ? ', ≤ ' + escapeHtml(d.max_km) + ' km' : ''));
  };

  /** ALERT: drawn at its host's last known position and listed. */
  GeoFusionMap.prototype.showAlert = function (doc) {
    var target = entityOf(doc), at = positionOf(doc) || this.positions[target];
    this.setFeatures('alert:' + target + '/' + alertsOf(doc).map(function (a) { return a.type; }).join(','),
      at ? alertFeatures(doc, at) : []);
    this.noteDocument(doc);
  };

  /** GRAPH_CHANGE: a host node upserted with a location is drawn as a host location; a removed node is removed. */
  GeoFusionMap.prototype.showGraphChange = function (ev) {
    if (ev.type === 'node_removed' && ev.node_id) {
      var target = entityOf({node: ev.node_id}), self = this;
      this.setFeatures('host:' + target, []);
      Object.keys(this.groups).forEach(function (k) {
        if (k.indexOf('alert:' + target + '/') === 0) { self.setFeatures(k, []); }
      });
      if (this.panel) {
        this.panel.querySelectorAll('li[data-key]').forEach(function (li) {
          var key = li.getAttribute('data-key');
          if (key === 'host:' + target || key.indexOf(target + '/') === 0) { li.remove(); }
        });
      }
    } else if (ev.type === 'node_upserted' && ev.node && ev.node.kind === 'host' && ev.node.location_distribution) {
      this.showHostLocation(ev.node);
    }
  };

  /** Applies one live event by its type (the SSE event name). */
  GeoFusionMap.prototype.apply = function (type, doc) {
    if (type === 'HOST_LOCATION') { this.showHostLocation(doc); }
    else if (type === 'RECON_LATENCY_ANALYSIS') { this.showLatencyAnalysis(doc); }
    else if (type === 'ALERT') { this.showAlert(doc); }
    else if (type === 'GRAPH_CHANGE') { this.showGraphChange(doc); }
    else if (type === 'GEO_PATH') { this.showGeoPath(doc); }
    this.events++;
    this.updateCounts();
  };

  /**
   * The report: features as the library's GeoJSON writers wrote them, plus an alert feature per
   * alert of each document (host-location, GEO_PATH) and the documents in the panel.
   */
  GeoFusionMap.prototype.showReport = function (report) {
    var self = this, alerts = [];
    (report.documents || []).forEach(function (doc) {
      alerts = alerts.concat(alertFeatures(doc));
      self.noteDocument(doc);
    });
    this.setFeatures('report', (report.features.features || []).concat(alerts));
    this.fit();
  };

  /** What the view is fitted to: the answers, not the RTT disks or the spread of minor components. */
  var FIT_KINDS = {estimate: true, confidence_circle: true, vantage: true, waypoint: true, arc: true};

  /** Zooms to the estimates, circles and paths drawn (the whole world when there are none). */
  GeoFusionMap.prototype.fit = function () {
    var b = null, groups = this.groups;
    Object.keys(groups).forEach(function (k) {
      groups[k].layer.eachLayer(function (layer) {
        var f = layer.feature || (layer.getLayers && layer.getLayers()[0] && layer.getLayers()[0].feature);
        if (!f || !FIT_KINDS[f.properties.kind]) { return; }
        var gb = layer.getBounds ? layer.getBounds() : null;
        if (gb && gb.isValid()) { b = b ? b.extend(gb) : L.latLngBounds(gb.getSouthWest(), gb.getNorthEast()); }
      });
    });
    if (b) { this.map.fitBounds(b, {padding: [20, 20], maxZoom: 7}); }
  };

  global.GeoFusionMap = GeoFusionMap;
  global.GeoFusionMap.hostLocationFeatures = hostLocationFeatures;
  global.GeoFusionMap.ellipsePolygon = ellipsePolygon;
}(window));
