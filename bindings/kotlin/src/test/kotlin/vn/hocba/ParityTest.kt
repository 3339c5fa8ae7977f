package vn.hocba

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files
import java.security.KeyFactory
import java.security.Signature
import java.security.spec.PKCS8EncodedKeySpec
import java.time.Instant

/** What Python already had (issues 14–16): PDF signatures, the revocation policy and
 *  `revokedLater`, the checks before signing turned off by name, and the error's kind and
 *  path — the same names, semantics and codes as `hocba` in Python, decided in the core. */
class ParityTest {
    private fun vec(rel: String): ByteArray = Files.readAllBytes(Fixtures.vectorsDir.resolve(rel))
    private val t0 = Instant.parse("2026-06-01T00:00:00Z")
    private val sealedAt = Instant.parse("2026-06-01T03:00:00Z")
    private val at = Instant.parse("2026-06-15T00:00:00Z")
    private fun chain(name: String) = listOf(vec("pki/chains/$name.pem"))

    private fun indexOf(hay: ByteArray, needle: ByteArray, from: Int): Int =
        (from..hay.size - needle.size).first { i -> needle.indices.all { hay[i + it] == needle[it] } }

    /** One byte changed inside the last PDF signature's signed range: the last digit of `/M`. */
    private fun changedSigningTime(pdf: ByteArray, after: Int): ByteArray {
        val i = indexOf(pdf, "/M(D:".toByteArray(), after) + 5 + 13
        return pdf.copyOf().also { it[i] = (if (it[i] == '1'.code.toByte()) '2' else '1').code.toByte() }
    }

    @Test
    fun `a rendered PDF sealed in-process verifies, one changed byte is the core's pades_digest_mismatch`() {
        TrustStore(listOf(vec("pki/roots.pem")), emptyList()).use { t ->
            val pdf = t.renderSignedYearPdf(vec("verify/valid_ed25519.cose"), at)
            val plain = t.verifyPdf(pdf, at)
            assertTrue(plain.valid)
            assertNull(plain.pades)
            val key = SigningKey.fromPkcs8(vec("pki/keys/seal-rsa-gov.pk8"), "RS256")
            val signed = signPdf(pdf, key, chain("seal-rsa-gov"), sealedAt)
            assertTrue(signed.copyOf(pdf.size).contentEquals(pdf), "the rendered revision is kept")
            val r = t.verifyPdf(signed, at)
            assertTrue(r.valid, r.error)
            assertNull(r.error)
            assertTrue(r.pagesMatch && r.pupilBound)
            val sig = r.pades!!.single()
            assertEquals(2u, sig.revision)
            assertEquals("RS256", sig.algorithm)
            assertEquals(SignerRole.SCHOOL_SEAL, sig.role)
            assertEquals(sealedAt, sig.signingTime)
            assertTrue(sig.valid && sig.certificate != null)
            // No time-stamp: the chain was judged at the claimed `/M` (ADR 0160).
            assertEquals("claimed", sig.timeSource)
            assertEquals(sealedAt, sig.judgedAt)
            assertNull(sig.timestampTime)
            assertNull(sig.timestampTsa)

            val bad = t.verifyPdf(changedSigningTime(signed, pdf.size), at)
            assertFalse(bad.valid)
            assertTrue(bad.pagesMatch, "the rendered revision is intact")
            assertEquals("pades_digest_mismatch", bad.error)
            assertEquals("pades_digest_mismatch", bad.pades!!.single().error)
        }
    }

    @Test
    fun `a PDF signature prepared, signed by the JDK and attached verifies, a wrong value is refused`() {
        TrustStore(listOf(vec("pki/roots.pem")), emptyList()).use { t ->
            val pdf = t.renderSignedYearPdf(vec("verify/valid_ed25519.cose"), at)
            val tbs = PdfToBeSigned.prepare(pdf, chain("seal-rsa-gov"), "RS256", sealedAt)
            assertEquals("RS256", tbs.algorithm())
            assertEquals(32, tbs.digest().size)
            val jdkKey = KeyFactory.getInstance("RSA").generatePrivate(PKCS8EncodedKeySpec(vec("pki/keys/seal-rsa-gov.pk8")))
            fun sign(data: ByteArray) = Signature.getInstance("SHA256withRSA").run { initSign(jdkKey); update(data); sign() }
            val later = PdfToBeSigned.fromPreparedPdf(tbs.preparedPdf(), chain("seal-rsa-gov"), "RS256")
            val e = assertThrows<HocbaException.Envelope> { later.attach(sign(tbs.digest())) }
            assertEquals("pades_bad_signature", e.code)
            assertEquals("signature", e.kind)
            val signed = later.attach(sign(tbs.signedAttributes()))
            assertTrue(t.verifyPdf(signed, at).valid)
            val unsupported = assertThrows<HocbaException.Envelope> { PdfToBeSigned.prepare(pdf, chain("principal-ed25519"), null, sealedAt) }
            assertEquals("pades_unsupported_key", unsupported.code)
        }
    }

    @Test
    fun `a later revocation is shown, and the strict policy counts it`() {
        val crls = listOf("gov-ca", "gov-ca-rsa", "public-ca").map { vec("pki/crl/$it.crl") }
        val data = vec("verify/cert_revoked_after_signing.cose")
        val later = Instant.parse("2027-06-01T00:00:00Z")
        TrustStore(listOf(vec("pki/roots.pem")), crls).use { t ->
            assertEquals(RevocationPolicy.AT_SIGNING_TIME, t.revocation())
            val gvcn = t.verify(data, later).signers.first()
            assertTrue(gvcn.valid)
            val revoked = gvcn.revokedLater ?: throw AssertionError("revokedLater missing")
            assertEquals("affiliation_changed", revoked.reason)
            assertTrue(revoked.revokedAt.isAfter(gvcn.signingTime))
        }
        TrustStore(listOf(vec("pki/roots.pem")), crls, RevocationPolicy.STRICT).use { t ->
            assertEquals("strict", t.revocation().code())
            val gvcn = t.verify(data, later).signers.first()
            assertFalse(gvcn.valid)
            assertEquals("revoked_after_claimed_time", gvcn.error)
            assertNotNull(gvcn.revokedLater)
        }
    }

    @Test
    fun `checks before signing are turned off by name only, with verification's codes`() {
        val key = SigningKey.fromPkcs8(vec("pki/keys/gvcn-rsa.pk8"), "RS256")
        val xml = signXml(vec("signed_xml/unsigned.xml"), key, SignerRole.HOMEROOM_TEACHER, chain("gvcn-rsa"), t0)
        val asPrincipal = { without: List<SignCheck> ->
            XmlToBeSigned.prepare(xml, SignerRole.PRINCIPAL, chain("gvcn-rsa"), null, t0.plusSeconds(60), without)
        }
        val person = assertThrows<HocbaException.Envelope> { asPrincipal(emptyList()) }
        assertEquals("signer_id_mismatch", person.code)
        val reused = assertThrows<HocbaException.Envelope> { asPrincipal(listOf(SignCheck.PERSON)) }
        assertEquals("certificate_reused", reused.code)
        assertEquals("signature", reused.kind)
        assertNull(reused.path)
        val reusedInProcess = assertThrows<HocbaException.Envelope> {
            signXml(xml, key, SignerRole.PRINCIPAL, chain("gvcn-rsa"), t0.plusSeconds(60), listOf(SignCheck.PERSON))
        }
        assertEquals("certificate_reused", reusedInProcess.code)
        asPrincipal(listOf(SignCheck.PERSON, SignCheck.CERTIFICATE))
        assertEquals("record", SignCheck.RECORD.code())
    }

    @Test
    fun `a decode error carries the core's kind and path`() {
        val e = assertThrows<HocbaException.Decode> { decodeYearRecord(vec("hostile/wrong_type.cbor")) }
        assertEquals("wrong_type", e.code)
        assertEquals("decode", e.kind)
        assertEquals("grade", e.path)
    }
}
