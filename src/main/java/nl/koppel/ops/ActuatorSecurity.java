package nl.koppel.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import nl.koppel.api.ApiError;
import nl.koppel.security.RememberedSignIns;
import nl.koppel.security.SignInProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The actuator endpoints ({@code /actuator/**}) are for operators, signed in with HTTP Basic against
 * {@code koppel.operators}: health (its details only when signed in), info, Prometheus and Jolokia. Office users
 * cannot sign in here. Jolokia refuses requests a browser marks as cross-site, so a page elsewhere cannot make
 * an operator's browser call it with remembered credentials; {@link JolokiaAccess} checks the role per request.
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain actuator(HttpSecurity http, OperatorAccounts accounts, ObjectMapper json,
                                 SignInProperties signIn) throws Exception {
        // path patterns, not MVC matchers: Jolokia is its own servlet, outside Spring MVC
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        return http
                .securityMatcher(path.matcher("/actuator/**"))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Hawtio polls Jolokia every few seconds: a checked operator is remembered briefly, not bcrypted each time
                .authenticationManager(new ProviderManager(new RememberedSignIns(
                        new OperatorAuthenticationProvider(accounts), signIn.rememberSuccessFor(), Clock.systemUTC())))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(request -> "cross-site".equals(request.getHeader("Sec-Fetch-Site")))
                        .denyAll()
                        .requestMatchers(path.matcher("/actuator/health"), path.matcher("/actuator/health/**"))
                        .permitAll()
                        .anyRequest().hasAnyRole(OperatorRole.MONITOR.name(), OperatorRole.CONTROL.name()))
                .httpBasic(basic -> basic.realmName("koppel-operations").authenticationEntryPoint(
                        (request, response, e) -> write(response, json, HttpServletResponse.SC_UNAUTHORIZED,
                                ApiError.of("authentication_required", "Sign in as an operator"))))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) ->
                                write(response, json, HttpServletResponse.SC_UNAUTHORIZED,
                                        ApiError.of("authentication_required", "Sign in as an operator")))
                        .accessDeniedHandler((request, response, e) ->
                                write(response, json, HttpServletResponse.SC_FORBIDDEN,
                                        ApiError.of("forbidden", "Operators only"))))
                .build();
    }

    private static void write(HttpServletResponse response, ObjectMapper json, int status, ApiError error)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"koppel-operations\"");
        }
        json.writeValue(response.getOutputStream(), error);
    }
}
