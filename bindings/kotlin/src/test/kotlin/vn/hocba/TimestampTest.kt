package vn.hocba

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant

/** RFC 3161 time-stamps made from Kotlin (ADR 0160), as `hocba timestamp` makes them: the
 *  request over a national-XML signature or the last PDF signature, answered by a local
 *  `openssl ts -reply` with the test PKI's TSA, the response attached, and the reports saying the
 *  chain was judged at the token's time when the TSA root is in `tsaRoots`. */
class TimestampTest {
    private fun vec(rel: String): ByteArray = Files.readAllBytes(Fixtures.vectorsDir.resolve(rel))
    private val pki: Path = Fixtures.vectorsDir.resolve("pki").toAbsolutePath()

    private fun opensslPresent(): Boolean =
        runCatching { ProcessBuilder("openssl", "version").start().waitFor() == 0 }.getOrDefault(false)

    /** `openssl ts -reply` to `request` with the test PKI's TSA. */
    private fun reply(dir: Path, request: ByteArray): ByteArray {
        Files.writeString(dir.resolve("serial"), "01\n")
        Files.writeString(dir.resolve("tsa.cnf"),
            "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = $dir/serial\n" +
                "signer_cert = $pki/certs/tsa.pem\nsigner_key = $pki/keys/tsa.key.pem\n" +
                "signer_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.2\ndigests = sha256\n" +
                "ess_cert_id_chain = no\ness_cert_id_alg = sha256\n")
        Files.write(dir.resolve("q.tsq"), request)
        val p = ProcessBuilder("openssl", "ts", "-reply", "-config", "$dir/tsa.cnf",
            "-queryfile", "$dir/q.tsq", "-out", "$dir/r.tsr").redirectErrorStream(true).start()
        val out = p.inputStream.readAllBytes().decodeToString()
        check(p.waitFor() == 0) { out }
        return Files.readAllBytes(dir.resolve("r.tsr"))
    }

    @Test
    fun `an XML seal and a PDF signature stamped from Kotlin are judged at the token time`() {
        assumeTrue(opensslPresent(), "openssl is not installed")
        val dir = Files.createTempDirectory("hocba-kt-tsa")
        val later = Instant.now().plusSeconds(60)
        val withTsa = TrustStore(listOf(vec("pki/roots.pem")), emptyList(), tsaRoots = listOf(vec("pki/tsa-roots.pem")))
        val withoutTsa = TrustStore(listOf(vec("pki/roots.pem")), emptyList())
        assertEquals(1u, withTsa.tsaRootCount())
        assertEquals(0u, withoutTsa.tsaRootCount())

        val xml = vec("signed_xml/valid_rs256.xml")
        val req = timestampRequestXml(xml, SignerRole.SCHOOL_SEAL)
        val stamped = attachTimestampXml(xml, SignerRole.SCHOOL_SEAL, reply(dir, req), req)
        val r = withTsa.verifyXml(stamped, later)
        assertEquals(VerificationStatus.VALID, r.status, r.summaryEn)
        val seal = r.signers[2]
        assertEquals("timestamp", seal.timeSource)
        assertEquals(seal.timestampTime, seal.judgedAt)
        assertEquals("Hocba Test TSA", seal.timestampTsa)
        assertEquals("claimed", r.signers[0].timeSource)
        assertEquals("timestamp_tsa_untrusted", withoutTsa.verifyXml(stamped, later).error)
        val late = assertThrows<HocbaException> { timestampRequestXml(xml, SignerRole.PRINCIPAL) }
        assertEquals("xmldsig_prepare", late.code)

        val pdf = withTsa.renderSignedYearPdf(vec("verify/valid_ed25519.cose"), later)
        val key = SigningKey.fromPkcs8(vec("pki/keys/seal-rsa-gov.pk8"), "RS256")
        val signed = signPdf(pdf, key, listOf(vec("pki/chains/seal-rsa-gov.pem")), Instant.now())
        val preq = timestampRequestPdf(signed)
        val bt = attachTimestampPdf(signed, reply(dir, preq), preq)
        assertEquals(signed.size, bt.size)
        val sig = withTsa.verifyPdf(bt, later).pades!!.single()
        assertTrue(sig.valid, sig.error)
        assertEquals("timestamp", sig.timeSource)
        assertEquals(sig.timestampTime, sig.judgedAt)
        assertEquals("Hocba Test TSA", sig.timestampTsa)
        val bad = withoutTsa.verifyPdf(bt, later)
        assertFalse(bad.valid)
        assertEquals("pades_timestamp", bad.error)
        withTsa.close()
        withoutTsa.close()
    }
}
