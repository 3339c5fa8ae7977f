package vn.hocba

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files
import java.time.Instant

/** A vendor's signing flow: a JSON record from the school system, three signers, verified. */
class SignTest {
    private fun vec(rel: String): ByteArray = Files.readAllBytes(Fixtures.vectorsDir.resolve(rel))
    private val t0 = Instant.parse("2026-06-01T00:00:00Z")

    /** The sample record, moved to the test PKI's school so its certificates match. */
    private fun record(): ByteArray =
        Fixtures.sampleJson().replace("Trường Tiểu học Trần Quốc Toản", "Trường Tiểu học Thử Nghiệm Số 1").toByteArray()

    @Test
    fun `three signers in order, one of them external, give a valid record`() {
        val unsigned = Envelope.fromRecord(record())
        assertEquals(SignerRole.HOMEROOM_TEACHER, unsigned.nextRole())
        // GVCN: PEM key, PEM chain (leaf and CA in one bundle).
        val gvcn = SigningKey.fromPkcs8(vec("pki/keys/gvcn-ed25519.key.pem"), null)
        assertEquals("EdDSA", gvcn.algorithm())
        val one = unsigned.sign(gvcn, SignerRole.HOMEROOM_TEACHER,
            listOf(vec("pki/certs/gvcn-ed25519.pem") + vec("pki/certs/gov-ca.pem")), t0)
        // Hiệu trưởng on an external signer: prepare, sign the bytes elsewhere, attach.
        val tbs = one.prepare(SignerRole.PRINCIPAL,
            listOf(vec("pki/certs/principal-ed25519.der"), vec("pki/certs/gov-ca.der")), null, t0.plusSeconds(60))
        assertEquals("EdDSA", tbs.algorithm())
        assertEquals(32, tbs.digest().size)
        assertTrue(tbs.summaryVi().contains("Hiệu trưởng"), tbs.summaryVi())
        val saved = ToBeSigned.fromFileBytes(tbs.toFileBytes())
        val wrong = assertThrows<HocbaException.Envelope> { saved.attach(ByteArray(64)) }
        assertEquals("attach_wrong_key", wrong.code)
        val signature = externalEd25519Sign(vec("pki/keys/principal-ed25519.pk8"), saved.data())
        val two = saved.attach(signature)
        val three = two.sign(SigningKey.fromPkcs8(vec("pki/keys/seal-ed25519.pk8"), null), SignerRole.SCHOOL_SEAL,
            listOf(vec("pki/certs/seal-ed25519.der"), vec("pki/certs/gov-ca.der")), t0.plusSeconds(120))
        assertNull(three.nextRole())
        TrustStore(listOf(vec("pki/roots.pem")), emptyList()).use { t ->
            val report = t.verify(three.toBytes(), t0.plusSeconds(86_400))
            assertEquals(VerificationStatus.VALID, report.status, report.summaryEn)
            assertEquals("Trường Tiểu học Thử Nghiệm Số 1", report.record!!.school.name)
        }
    }

    @Test
    fun `signing out of turn or with a wrong input is a typed error`() {
        val unsigned = Envelope.fromRecord(record())
        assertEquals("not_signed", assertThrows<HocbaException.Envelope> { unsigned.toBytes() }.code)
        val seal = SigningKey.fromPkcs8(vec("pki/keys/seal-ed25519.pk8"), null)
        val e = assertThrows<HocbaException.Envelope> {
            unsigned.sign(seal, SignerRole.SCHOOL_SEAL, listOf(vec("pki/certs/seal-ed25519.der")), t0)
        }
        assertEquals("role_out_of_order", e.code)
        assertTrue(e.messageVi.isNotEmpty())
        assertEquals("unsupported_key", assertThrows<HocbaException> { SigningKey.fromPkcs8("nope".toByteArray(), null) }.code)
    }

    /** Stands in for a USB token: Java's own Ed25519 signer over the exact bytes. */
    private fun externalEd25519Sign(pkcs8: ByteArray, data: ByteArray): ByteArray {
        val key = java.security.KeyFactory.getInstance("Ed25519")
            .generatePrivate(java.security.spec.PKCS8EncodedKeySpec(pkcs8))
        val s = java.security.Signature.getInstance("Ed25519")
        s.initSign(key)
        s.update(data)
        return s.sign()
    }
}
