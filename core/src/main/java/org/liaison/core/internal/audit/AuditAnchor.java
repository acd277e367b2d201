package org.liaison.core.internal.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signed checkpoints of the audit trail, the node key that signs them, and the anchor file that keeps the last
 * one outside the trail.
 *
 * <p><b>The node key.</b> Each node has its own Ed25519 key pair in {@code data/keys/}, created at the first start:
 * {@value #PRIVATE_KEY} (PKCS#8, PEM, readable and writable by the owner only) and {@value #PUBLIC_KEY}
 * (X.509 SubjectPublicKeyInfo, PEM: {@code openssl pkey -pubin -in node-public.pem -noout -text} reads it). The
 * key's <em>fingerprint</em> is the lower-case hex SHA-256 of the DER public key:
 * {@code openssl pkey -pubin -in node-public.pem -outform DER | openssl dgst -sha256}.
 *
 * <p><b>A checkpoint</b> is a signed statement about the head of the trail: "the entry of seq <i>n</i> has hash
 * <i>h</i>". The signed bytes are exactly the US-ASCII text, one line without a line break:
 * <pre>
 * liaison-audit-checkpoint seq=&lt;n&gt; hash=&lt;64 hex&gt; time=&lt;ISO-8601 UTC&gt; state=&lt;running|stopped&gt;
 * </pre>
 * {@code seq=0 hash=000…0} is the empty trail. {@code state=stopped} says that Liaison stopped cleanly at this
 * entry, so that nothing may follow it. The signature is a plain Ed25519 signature (RFC 8032) of those bytes,
 * base64 in the files. Checkpoints are kept in two places:
 * <ul>
 * <li>the <em>anchor file</em> {@value #ANCHOR} next to the trail, one JSON line, rewritten atomically (written
 * aside, forced, renamed over the old one):
 * {@code {"seq":n,"hash":"…","time":"…","state":"running","keySha256":"…","signed":"liaison-audit-checkpoint …",
 * "signature":"…"}}. The members before {@code signed} repeat what it says, for people; verification checks
 * that they agree;</li>
 * <li>{@code checkpoint} entries in the trail itself (see {@link AuditTrail}), whose {@code signed},
 * {@code signature} and {@code keySha256} members sign the entry just before them.</li>
 * </ul>
 * A third party checks a checkpoint with openssl alone (OpenSSL 3; {@code -rawin} because Ed25519 signs the
 * message itself, not a digest):
 * <pre>
 * jq -j .signed data/audit/anchor.json &gt; checkpoint.txt
 * jq -r .signature data/audit/anchor.json | openssl base64 -d -A &gt; checkpoint.sig
 * openssl pkeyutl -verify -pubin -inkey data/keys/node-public.pem -rawin -in checkpoint.txt -sigfile checkpoint.sig
 * </pre>
 * and then that line {@code seq} of the trail ends with {@code "hash":"<the hash in checkpoint.txt>"}.
 *
 * <p>Like {@link AuditChain}, this class depends on the JDK alone: the offline verifier loads it without OSGi.
 */
public final class AuditAnchor {

    /** The anchor file, in the trail's folder. */
    public static final String ANCHOR = "anchor.json";
    /** The folder of the node key, next to the trail's folder ({@code data/keys} for {@code data/audit}). */
    public static final String KEYS = "keys";
    public static final String PRIVATE_KEY = "node-private.pem";
    public static final String PUBLIC_KEY = "node-public.pem";

    static final String PREFIX = "liaison-audit-checkpoint";
    private static final Pattern SIGNED = Pattern.compile(PREFIX
            + " seq=(0|[1-9][0-9]{0,17}) hash=([0-9a-f]{64}) time=(\\S+) state=(running|stopped)");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AuditAnchor() {
    }

    /** The anchor file of a trail. */
    public static Path anchorFile(Path trail) {
        return trail.resolveSibling(ANCHOR);
    }

    /** The folder of the node key of a trail: {@code data/keys} for {@code data/audit/audit.jsonl}. */
    public static Path keysFolder(Path trail) {
        Path folder = trail.toAbsolutePath().getParent();
        return folder.resolveSibling(KEYS);
    }

    /** What a checkpoint says; {@link #signed()} is the text that is signed. */
    public record Checkpoint(long seq, String hash, String time, boolean stopped) {

        public String signed() {
            return PREFIX + " seq=" + seq + " hash=" + hash + " time=" + time + " state="
                    + (stopped ? "stopped" : "running");
        }

        /** Reads a signed text; the message says what is wrong with it. */
        static Checkpoint parse(String signed) {
            Matcher matcher = SIGNED.matcher(signed == null ? "" : signed);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("the signed text '" + signed + "' is not '" + PREFIX
                        + " seq=<n> hash=<64 hex> time=<instant> state=<running|stopped>'");
            }
            try {
                Instant.parse(matcher.group(3));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("the time " + matcher.group(3) + " of the signed text is not an"
                        + " ISO-8601 instant");
            }
            return new Checkpoint(Long.parseLong(matcher.group(1)), matcher.group(2), matcher.group(3),
                    "stopped".equals(matcher.group(4)));
        }
    }

    /** The node's key pair, loaded or created by {@link #loadOrCreate}. */
    record NodeKey(PrivateKey privateKey, PublicKey publicKey, String fingerprint, boolean created) {

        /** The base64 Ed25519 signature of the US-ASCII bytes of {@code text}. */
        String sign(String text) {
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(privateKey);
                signature.update(text.getBytes(StandardCharsets.US_ASCII));
                return Base64.getEncoder().encodeToString(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("signing with the node key failed", e);
            }
        }
    }

    /**
     * Loads the node key from {@code folder}, or creates it there when there is no private key. The public key is
     * written first, then the private key, each aside and then renamed; a start that finds only the public key
     * creates a new pair.
     *
     * @throws IOException when the files cannot be read or written, or do not hold a matching Ed25519 pair
     */
    static NodeKey loadOrCreate(Path folder) throws IOException {
        Path privateFile = folder.resolve(PRIVATE_KEY);
        Path publicFile = folder.resolve(PUBLIC_KEY);
        if (Files.exists(privateFile)) {
            PrivateKey privateKey;
            try {
                privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                        pem(privateFile, "PRIVATE KEY")));
            } catch (GeneralSecurityException e) {
                throw new IOException(privateFile + " is not an Ed25519 private key in PKCS#8 PEM: " + e.getMessage(),
                        e);
            }
            PublicKey publicKey = readPublicKey(publicFile);
            NodeKey key = new NodeKey(privateKey, publicKey, fingerprint(publicKey), false);
            if (!verify(publicKey, "liaison key check", key.sign("liaison key check"))) {
                throw new IOException(publicFile + " is not the public key of " + privateFile);
            }
            return key;
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this Java has no Ed25519 (Java 15 and later have it)", e);
        }
        createOwnerOnlyFolder(folder);
        writeAside(publicFile, pemText("PUBLIC KEY", pair.getPublic().getEncoded()), false);
        writeAside(privateFile, pemText("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        return new NodeKey(pair.getPrivate(), pair.getPublic(), fingerprint(pair.getPublic()), true);
    }

    /** Whether the private key file can be read by others than its owner; false where there are no POSIX modes. */
    static boolean readableByOthers(Path folder) {
        try {
            Set<PosixFilePermission> modes = Files.getPosixFilePermissions(folder.resolve(PRIVATE_KEY));
            return !OWNER_ONLY.containsAll(modes);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    /** Reads an Ed25519 public key in X.509 SubjectPublicKeyInfo PEM. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pem(file, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not an Ed25519 public key in PEM (BEGIN PUBLIC KEY): " + e.getMessage(),
                    e);
        }
    }

    /** The lower-case hex SHA-256 of the DER encoding of the key. */
    public static String fingerprint(PublicKey key) {
        byte[] der = key.getEncoded();
        return AuditChain.hash(der, der.length, AuditChain.sha256());
    }

    /** Whether {@code signature} (base64) is a valid Ed25519 signature of the US-ASCII bytes of {@code text}. */
    public static boolean verify(PublicKey key, String text, String signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** The anchor file's line for a checkpoint, signed with the node key. */
    static String anchorLine(Checkpoint checkpoint, NodeKey key) {
        String signed = checkpoint.signed();
        return "{\"seq\":" + checkpoint.seq() + ",\"hash\":\"" + checkpoint.hash() + "\",\"time\":\""
                + checkpoint.time() + "\",\"state\":\"" + (checkpoint.stopped() ? "stopped" : "running")
                + "\",\"keySha256\":\"" + key.fingerprint() + "\",\"signed\":\"" + signed + "\",\"signature\":\""
                + key.sign(signed) + "\"}\n";
    }

    /** Writes the anchor file: aside, forced, then renamed over the old one. */
    static void write(Path anchorFile, Checkpoint checkpoint, NodeKey key) throws IOException {
        writeAside(anchorFile, anchorLine(checkpoint, key), false);
    }

    /**
     * Reads and checks the anchor file with the node's public key. The message of the exception names the file and
     * what is wrong; a missing file is a {@link NoSuchFileException}.
     */
    public static Checkpoint read(Path anchorFile, PublicKey key) throws IOException {
        String text = Files.readString(anchorFile, StandardCharsets.UTF_8).strip();
        AuditChain.Members members;
        try {
            members = AuditChain.members(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnchorException(anchorFile + " is not one JSON object: " + e.getMessage());
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(members.value("signed"));
        } catch (IllegalArgumentException e) {
            throw new InvalidAnchorException(anchorFile + ": " + e.getMessage());
        }
        String fingerprint = fingerprint(key);
        if (!fingerprint.equals(members.value("keySha256"))) {
            throw new InvalidAnchorException(anchorFile + " was signed by the key " + members.value("keySha256")
                    + ", not by the node key " + fingerprint + ": the node key was replaced, or the anchor");
        }
        if (!verify(key, checkpoint.signed(), members.value("signature"))) {
            throw new InvalidAnchorException(anchorFile + ": the signature does not verify with the node key "
                    + fingerprint + ": the anchor was forged or edited");
        }
        if (!String.valueOf(checkpoint.seq()).equals(members.value("seq"))
                || !checkpoint.hash().equals(members.value("hash"))
                || !checkpoint.time().equals(members.value("time"))
                || !(checkpoint.stopped() ? "stopped" : "running").equals(members.value("state"))) {
            throw new InvalidAnchorException(anchorFile + ": seq, hash, time or state do not say what the signed"
                    + " text says ('" + checkpoint.signed() + "'): the anchor was edited");
        }
        return checkpoint;
    }

    /** An anchor file that exists but does not hold a valid checkpoint signed with the node key. */
    public static final class InvalidAnchorException extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidAnchorException(String message) {
            super(message);
        }
    }

    private static byte[] pem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " has no " + begin + " ... " + end + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the PEM block is not base64: " + e.getMessage(), e);
        }
    }

    private static String pemText(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void createOwnerOnlyFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            // created meanwhile
        }
    }

    /**
     * Writes {@code text} to a file beside {@code target}, forces it, and renames it over {@code target}. The
     * rename is not forced: after a crash the old file may come back, never a half-written one.
     */
    private static void writeAside(Path target, String text, boolean ownerOnly) throws IOException {
        Path aside = target.resolveSibling(target.getFileName() + ".new");
        Files.deleteIfExists(aside);
        FileAttribute<?>[] attributes = ownerOnly && supportsPosix(target)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(aside, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), attributes)) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try {
            Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(aside, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean supportsPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
