package nl.koppel.demo;

import java.util.List;
import nl.koppel.support.ConnectionKeyPage;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import nl.koppel.support.TestApi;

/**
 * "Koppeling maken" as anne and her browser would do it: start the link at Koppel, open Koppel's start URL signed
 * in (which binds the link to the client's cookie), open the authorize URL at the
 * (simulated) accounting system without following its redirect, and bring the code and state from that redirect
 * back to Koppel's callback. Logs no code, state or URL: they are one-time secrets.
 */
final class DemoLink {

    /**
     * A system linked by connection key (SnelStart): the start URL leads to Koppel's key page, where anne enters each
     * administration's key as her browser would (the page's CSRF token, the form). Returns the connection as the API
     * shows it then. Logs no key.
     */
    JsonNode linkByKeys(TestApi api, DemoOffice.Provisioned office, String type, List<String> keys) {
        String start = office.connectionPath(type) + "/link";
        String startUrl = DemoHttp.expect(api.post(start, DemoOffice.ANNE, DemoOffice.PASSWORD, ""), 200,
                "POST " + start).path("authorizeUrl").asText();
        DemoHttp.expect(api.browseAs(startUrl, DemoOffice.ANNE, DemoOffice.PASSWORD), 302, "GET the link's start URL");
        ConnectionKeyPage page = new ConnectionKeyPage(api);
        for (String key : keys) {
            ConnectionKeyPage.Outcome entered = page.enter(DemoOffice.ANNE, DemoOffice.PASSWORD, key);
            if (entered.banner() == null) {
                throw new IllegalStateException("Demo: the key page refused a " + type + " key: " + entered.error());
            }
        }
        return DemoHttp.expect(api.get(office.connectionPath(type), DemoOffice.ANNE, DemoOffice.PASSWORD), 200,
                "GET " + office.connectionPath(type));
    }

    /** Returns the connection as the callback answers it ({@code status}, {@code statusLabel}, ...). */
    JsonNode link(TestApi api, DemoOffice.Provisioned office, String type) {
        String start = office.connectionPath(type) + "/link";
        String startUrl = DemoHttp.expect(api.post(start, DemoOffice.ANNE, DemoOffice.PASSWORD, ""), 200,
                "POST " + start).path("authorizeUrl").asText();
        // anne's "browser" opens Koppel's start URL signed in: the link is bound to its cookie
        TestApi.Reply bound = api.browseAs(startUrl, DemoOffice.ANNE, DemoOffice.PASSWORD);
        DemoHttp.expect(bound, 302, "GET the link's start URL");
        String authorizeUrl = bound.raw().headers().firstValue("Location").orElseThrow();

        TestApi.Reply authorize = api.browse(authorizeUrl);
        DemoHttp.expect(authorize, 302, "GET authorizeUrl at the " + type + " simulator");
        URI redirect = URI.create(authorize.raw().headers().firstValue("Location").orElseThrow());

        // the redirect's query as it came (code and state still URL-encoded), to Koppel's own callback
        return DemoHttp.expect(api.get("/api/v1/oauth/callback?" + redirect.getRawQuery(), null, null), 200,
                "GET /api/v1/oauth/callback");
    }
}
