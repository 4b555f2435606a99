package nl.koppel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import nl.koppel.support.TestApi;

/** The demo stops with a clear message when a call to Koppel or the simulator does not answer as expected. */
final class DemoHttp {

    private DemoHttp() {
    }

    static JsonNode expect(TestApi.Reply reply, int status, String call) {
        if (reply.status() != status) {
            throw new IllegalStateException("Demo: " + call + " answered " + reply.status() + " (expected " + status
                    + "): " + reply.body());
        }
        return reply.json();
    }
}
