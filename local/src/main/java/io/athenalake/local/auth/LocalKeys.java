package io.athenalake.local.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The local run's token issuer: an RSA key pair in the work folder. query-service verifies bearer
 * tokens with the public key (its normal, non-dev profile: {@code QUERY_SERVICE_JWT_KEY_LOCATION});
 * the command line signs tokens with the private key, as an identity provider would.
 */
public final class LocalKeys {

    public static final String ISSUER = "https://athena-lake.local";
    /** Both of query-service's roles: run queries and read them. */
    public static final List<String> ROLES = List.of("query-runner", "query-reader", "query-admin");

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final Path publicKey;
    private final PrivateKey privateKey;

    private LocalKeys(Path publicKey, PrivateKey privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** The key pair in {@code folder} ({@code jwt-public.pem}, {@code jwt-private.pem}), made on first use. */
    public static LocalKeys in(Path folder) throws IOException, GeneralSecurityException {
        Path publicPem = folder.resolve("jwt-public.pem");
        Path privatePem = folder.resolve("jwt-private.pem");
        if (!Files.isRegularFile(publicPem) || !Files.isRegularFile(privatePem)) {
            Files.createDirectories(folder);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        }
        return read(publicPem, privatePem);
    }

    /** The existing pair (the command line reads what the launcher made). */
    public static LocalKeys read(Path publicPem, Path privatePem) throws IOException, GeneralSecurityException {
        String body = Files.readString(privatePem).lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining());
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        return new LocalKeys(publicPem, key);
    }

    public Path publicKey() {
        return publicKey;
    }

    /** An RS256 JWT for {@code subject} with both roles, valid for {@code validity}. */
    public String token(String subject, Duration validity) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject + "\",\"groups\":["
                + ROLES.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",")) + "],\"iat\":"
                + now.getEpochSecond() + ",\"exp\":" + now.plus(validity).getEpochSecond() + "}";
        String signed = encode(header) + "." + encode(payload);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
