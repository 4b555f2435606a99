package nl.koppel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KoppelApplication {

    public static void main(String[] args) {
        SpringApplication.run(KoppelApplication.class, args);
    }
}
