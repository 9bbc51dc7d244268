# Varnish in front of the EMI site (issue 14). Stores only what the app marked shareable
# (X-Site header, cms.page_cache): anonymous pages that set no cookie. The app bans a
# site's objects on every publication (cms.edge_cache: BAN with X-Ban-Site).
# The backend address comes from the -p/-a options or this default; edit as needed.
vcl 4.1;

import std;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Only the app's own host may purge or ban.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.X-Ban-Site ~ "^[0-9]+$") {
            ban("obj.http.X-Site == " + req.http.X-Ban-Site);
        } else {
            ban("obj.http.X-Site ~ .");
        }
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|sante|documents|images-privees)/") {
        return (pass);
    }
    # Logged-in visitors (session) and pending messages always reach the app.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # One language: every visitor gets the same page whatever the browser asks.
    unset req.http.Accept-Language;
    set req.url = std.querysort(req.url);
    # Other cookies (csrftoken) stay for the app; they do not change a shareable page.
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || (!beresp.http.X-Site && bereq.url !~ "^/static/")
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The app says which site a page is of; the cookie it may vary on is a logged-in
    # visitor's, who never gets here.
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    if (!beresp.http.Cache-Control) {
        # Publications ban at once; what changes with time alone shows within 5 minutes.
        set beresp.ttl = 300s;
    }
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Site;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
}
