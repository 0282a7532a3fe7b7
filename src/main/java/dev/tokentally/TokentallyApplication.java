package dev.tokentally;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TokentallyApplication {

    public static void main(String[] args) {
        SpringApplication.run(TokentallyApplication.class, args);
    }
}
