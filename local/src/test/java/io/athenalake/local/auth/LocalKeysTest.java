package io.athenalake.local.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKeysTest {

    @Test
    void tokensVerifyWithThePublicKeyQueryServiceIsGiven(@TempDir Path folder) throws Exception {
        String token = LocalKeys.in(folder).token("someone", Duration.ofMinutes(5));

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        String pem = Files.readString(folder.resolve("jwt-public.pem"));
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(
                pem.lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining()))));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key);
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(signature.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(LocalKeys.ISSUER);
        assertThat(claims.path("upn").asText()).isEqualTo("someone");
        assertThat(claims.path("groups")).extracting(JsonNode::asText).containsExactly("query-runner", "query-reader", "query-admin");
        assertThat(claims.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
    }

    @Test
    void theKeyPairIsMadeOnceAndReused(@TempDir Path folder) throws Exception {
        LocalKeys.in(folder);
        String first = Files.readString(folder.resolve("jwt-public.pem"));
        LocalKeys.in(folder);
        assertThat(Files.readString(folder.resolve("jwt-public.pem"))).isEqualTo(first);
    }
}
