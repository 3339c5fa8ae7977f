package vn.hocba

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import java.nio.file.Files
import java.time.Instant
import kotlin.random.Random

/** The verification report in detail: who signed, in which role, valid or exactly why not. */
class VerifyTest {
    private fun vec(rel: String): ByteArray = Files.readAllBytes(Fixtures.vectorsDir.resolve(rel))
    private val at = Instant.parse("2026-06-15T00:00:00Z")
    private fun trust() = TrustStore(
        listOf(vec("pki/roots.pem")),
        listOf(vec("pki/crl/gov-ca.crl"), vec("pki/crl/gov-ca-rsa.crl"), vec("pki/crl/public-ca.crl")),
    )

    @Test
    fun `a valid record reports three valid signers and hands out the record`() {
        trust().use { t ->
            val r = t.verify(vec("verify/valid_ed25519.cose"), at)
            assertEquals(VerificationStatus.VALID, r.status)
            assertNull(r.error)
            assertEquals(listOf(SignerRole.HOMEROOM_TEACHER, SignerRole.PRINCIPAL, SignerRole.SCHOOL_SEAL), r.signers.map { it.role })
            assertTrue(r.signers.all { it.valid && it.error == null && it.algorithm == "EdDSA" })
            assertTrue(r.signers.all { it.certificate != null })
            assertEquals("Giáo viên chủ nhiệm", r.signers[0].role.labelVi())
            assertEquals(64, r.digest.length)
            assertEquals(at, r.verifiedAt)
            assertNotNull(r.record)
            assertTrue(r.summaryVi.contains("hợp lệ"), r.summaryVi)
        }
    }

    @Test
    fun `an expired teacher certificate is invalid with the signer's reason and no record`() {
        trust().use { t ->
            val r = t.verify(vec("verify/cert_bad_expired.cose"), at)
            assertEquals(VerificationStatus.INVALID, r.status)
            assertEquals("cert_expired", r.error)
            val bad = r.signers.first { !it.valid }
            assertEquals(SignerRole.HOMEROOM_TEACHER, bad.role)
            assertEquals("cert_expired", bad.error)
            assertTrue(!bad.messageVi.isNullOrEmpty())
            assertNull(r.record)
        }
    }

    @Test
    fun `a record awaiting the principal is incomplete and names who is missing`() {
        val r = verifyYearRecord(vec("verify/incomplete_awaiting_principal.cose"), listOf(vec("pki/roots.pem")), emptyList(), at)
        assertEquals(VerificationStatus.INCOMPLETE, r.status)
        assertEquals(listOf(SignerRole.PRINCIPAL, SignerRole.SCHOOL_SEAL), r.missing)
        assertNull(r.record)
    }

    @Test
    fun `a transcript with a correction chain is valid year by year`() {
        trust().use { t ->
            val r = t.verifyTranscript(vec("verify/correction_chain.cbor"), at)
            assertEquals(VerificationStatus.VALID, r.status)
            assertTrue(r.years.any { it.revisions.size > 1 })
            assertEquals(r.years.size, r.yearsVerified!!.size)
        }
    }

    @Test
    fun `verifyMany gives every record the report single verification gives, in order`() {
        val files = Files.list(Fixtures.vectorsDir.resolve("verify")).use { s ->
            s.filter { it.toString().endsWith(".cose") }.sorted().toList()
        }
        val garbage = byteArrayOf(0x01, 0x02, 0x03)
        val inputs = files.map { Files.readAllBytes(it) } + listOf(garbage) + files.take(3).map { Files.readAllBytes(it) }
        trust().use { t ->
            val many = t.verifyMany(inputs, at)
            assertEquals(inputs.size, many.size)
            var readable = 0
            for ((i, bytes) in inputs.withIndex()) {
                val single = try { t.verify(bytes, at) } catch (e: HocbaException) { null }
                if (single != null) {
                    assertEquals(single, many[i], "input $i")
                    readable++
                } else {
                    assertEquals(VerificationStatus.INVALID, many[i].status, "input $i")
                    assertNotNull(many[i].error)
                    assertTrue(many[i].signers.isEmpty() && many[i].record == null)
                    assertEquals(64, many[i].digest.length)
                }
            }
            assertTrue(readable >= files.size - 2, "most vectors are signed records: $readable")
            assertTrue(many.count { it.status == VerificationStatus.VALID } >= 4)
            assertEquals(VerificationStatus.INVALID, many[files.size].status)
            assertTrue(t.verifyMany(emptyList(), at).isEmpty())
        }
    }

    @Test
    fun `garbage where a signed record is expected is a typed error`() {
        val rng = Random(98)
        val signed = vec("verify/valid_ed25519.cose")
        trust().use { t ->
            val inputs = (0 until 300).map { rng.nextBytes(rng.nextInt(0, 200)) } +
                (0 until signed.size step 7).map { signed.copyOf(it) }
            for (bytes in inputs) {
                try {
                    val r = t.verify(bytes, at)
                    fail<Unit>("garbage verified: ${r.status}")
                } catch (e: HocbaException) {
                    assertNotEquals("internal_panic", e.code)
                }
            }
        }
    }
}
