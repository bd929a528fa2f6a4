package io.athenalake.devstack.s3;

/** An {@code s3://bucket/key} address. */
public record S3Location(String bucket, String key) {

    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith("s3://") || uri.length() <= 5) {
            throw new IllegalArgumentException("not an s3:// location: " + uri);
        }
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in s3 location: " + uri);
        }
        return new S3Location(bucket, key);
    }

    /** This location as a folder prefix ending in {@code /} (or empty for a bucket's root). */
    public String keyAsFolder() {
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
