package nl.koppel.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import nl.koppel.api.ApiError;
import nl.koppel.api.RequestBodyLimit;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every API call ({@code /api/**}) is authenticated with HTTP Basic against the users table, statelessly. The
 * OAuth callback is the one exception: the browser arrives there from the accounting system, and the one-time state
 * it carries (bound to the connection, the sync user and, by an HttpOnly cookie, the browser that started it) is
 * what authenticates it. The office's screens (everything else) sign in with a form and keep a session, with CSRF
 * protection; HTTP Basic works there too, so that a script can open the link's start URL.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json, AuthenticationManager signIns) throws Exception {
        return http
                .securityMatcher("/api/**")
                .authenticationManager(signIns)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/v1/oauth/callback").permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) ->
                        write(response, json, HttpServletResponse.SC_UNAUTHORIZED,
                                ApiError.of("authentication_required", "Sign in with a valid user name and password"))))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) ->
                                write(response, json, HttpServletResponse.SC_UNAUTHORIZED,
                                        ApiError.of("authentication_required",
                                                "Sign in with a valid user name and password")))
                        .accessDeniedHandler((request, response, e) ->
                                write(response, json, HttpServletResponse.SC_FORBIDDEN,
                                        ApiError.of("forbidden", "Your role may not do this"))))
                .build();
    }

    /** Before every security filter chain: too many failed sign-ins are refused (429) before bcrypt runs. */
    @Bean
    FilterRegistrationBean<SignInThrottle> signInThrottle(SignInProperties properties, ObjectMapper json) {
        FilterRegistrationBean<SignInThrottle> registration = new FilterRegistrationBean<>(
                new SignInThrottle(properties, json, Clock.systemUTC()));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 2);
        return registration;
    }

    /** Before every security filter chain: request bodies over koppel.sign-in.max-request-body are refused (413). */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(SignInProperties properties, ObjectMapper json) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
                new RequestBodyLimit(properties.maxRequestBody().toBytes(), json));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    /** The screens: form sign-in, a session (cookie SameSite=Lax, see config), CSRF on every form. */
    @Bean
    @Order(3)
    SecurityFilterChain screens(HttpSecurity http, AuthenticationManager signIns) throws Exception {
        return http
                .authenticationManager(signIns)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/error", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?afgemeld"))
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    /** One sign-in check for the API and the screens: bcrypt, with a success remembered briefly (RememberedSignIns). */
    @Bean
    AuthenticationManager signIns(StoredUserDetailsService users, PasswordEncoder passwords, SignInProperties signIn) {
        DaoAuthenticationProvider check = new DaoAuthenticationProvider(users);
        check.setPasswordEncoder(passwords);
        return new ProviderManager(new RememberedSignIns(check, signIn.rememberSuccessFor(), Clock.systemUTC()));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    private static void write(HttpServletResponse response, ObjectMapper json, int status, ApiError error)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"koppel\"");
        }
        json.writeValue(response.getOutputStream(), error);
    }
}
