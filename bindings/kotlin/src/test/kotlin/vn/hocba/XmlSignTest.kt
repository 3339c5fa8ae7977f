package vn.hocba

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files
import java.security.KeyFactory
import java.security.Signature
import java.security.spec.PKCS8EncodedKeySpec
import java.time.Instant
import java.util.Base64

/** The national XML (CV 2088) signed with XML-DSig: a vendor's external flow (prepare, the
 *  signature made outside hocba with java.security, attach), in-process signing, verification
 *  and bulk verification. */
class XmlSignTest {
    private fun vec(rel: String): ByteArray = Files.readAllBytes(Fixtures.vectorsDir.resolve(rel))
    private val t0 = Instant.parse("2026-06-01T00:00:00Z")
    private val at = Instant.parse("2026-06-15T00:00:00Z")
    private val roles = listOf(
        SignerRole.HOMEROOM_TEACHER to "gvcn-rsa",
        SignerRole.PRINCIPAL to "principal-rsa",
        SignerRole.SCHOOL_SEAL to "seal-rsa",
    )

    private fun unsigned(): ByteArray = vec("signed_xml/unsigned.xml")
    private fun chain(name: String) = listOf(vec("pki/chains/$name.pem"))
    private fun trust() = TrustStore(listOf(vec("pki/roots.pem")), emptyList())

    /** RSASSA-PKCS1-v1_5 with SHA-256 by the JDK, the key never given to hocba. */
    private fun jdkSign(name: String, data: ByteArray, algorithm: String = "SHA256withRSA"): ByteArray {
        val key = KeyFactory.getInstance("RSA").generatePrivate(PKCS8EncodedKeySpec(vec("pki/keys/$name.pk8")))
        return Signature.getInstance(algorithm).run { initSign(key); update(data); sign() }
    }

    @Test
    fun `three roles prepared, signed outside hocba and attached give a valid record`() {
        var xml = unsigned()
        roles.forEachIndexed { i, (role, name) ->
            val prepared = XmlToBeSigned.prepare(xml, role, chain(name), "RS256", t0.plusSeconds(60L * i))
            assertEquals(role, prepared.role())
            assertEquals("RS256", prepared.algorithm())
            assertEquals(listOf("GVCN", "CBQL", "KY_PHAT_HANH")[i], prepared.slot())
            assertEquals(32, prepared.digest().size)
            assertEquals(t0.plusSeconds(60L * i), prepared.signingTime())
            // The pending state survives a trip to another process.
            val saved = XmlToBeSigned.fromFileBytes(prepared.toFileBytes())
            assertArrayEquals(prepared.data(), saved.data())
            val signature = jdkSign(name, saved.data())
            val b64 = assertThrows<HocbaException.Envelope> { saved.attach(Base64.getEncoder().encode(signature)) }
            assertEquals("attach_base64_not_raw", b64.code)
            assertTrue(b64.messageVi.contains("base64"), b64.messageVi)
            xml = saved.attach(signature)
        }
        trust().use { t ->
            val report = t.verifyXml(xml, at)
            assertEquals(VerificationStatus.VALID, report.status, report.summaryEn)
            assertEquals(roles.map { it.first }, report.signers.map { it.role })
            assertEquals(listOf("RS256", "RS256", "RS256"), report.signers.map { it.algorithm })
            assertEquals(t0, report.signers[0].signingTime)
            assertEquals("Trường Tiểu học Tư thục Thử Nghiệm", report.record!!.school.name)
            // The core's one report shape (ADR 0260): the keys of `hocba --json verify`.
            val slots = listOf("GVCN", "CBQL", "KY_PHAT_HANH")
            assertEquals("national_xml", report.format)
            assertEquals(slots, report.requiredRoles)
            assertEquals(emptyList<String>(), report.missingSlots)
            assertEquals(slots, report.signers.map { it.slot })
            assertTrue(report.summaryEn.endsWith("Required signers: GVCN, CBQL, KY_PHAT_HANH\n"), report.summaryEn)
        }
    }

    @Test
    fun `attach names the likely cause of a wrong signature`() {
        val prepared = XmlToBeSigned.prepare(unsigned(), SignerRole.HOMEROOM_TEACHER, chain("gvcn-rsa"), "PS256", t0)
        val pkcs1 = assertThrows<HocbaException.Envelope> { prepared.attach(jdkSign("gvcn-rsa", prepared.data())) }
        assertEquals("attach_pkcs1_not_pss", pkcs1.code)
        val other = assertThrows<HocbaException.Envelope> {
            prepared.attach(jdkSign("principal-rsa", prepared.data()))
        }
        assertEquals("attach_wrong_key", other.code)
        val out = assertThrows<HocbaException.Envelope> {
            XmlToBeSigned.prepare(signed(), SignerRole.PRINCIPAL, chain("principal-rsa"), "RS256", t0)
        }
        assertEquals("role_out_of_order", out.code)
        assertEquals("xmldsig_pending_malformed",
            assertThrows<HocbaException.Envelope> { XmlToBeSigned.fromFileBytes("{}".toByteArray()) }.code)
    }

    @Test
    fun `a token that signs a hash with raw RSA needs the DigestInfo`() {
        // The JVM vendor's token flow with a raw RSA mechanism (NONEwithRSA, PKCS#11
        // CKM_RSA_PKCS): the bare digest is named as such (ADR 0281, QA qamobile R2); the DER
        // DigestInfo of SHA-256 followed by the digest attaches, as docs/bindings.md shows.
        val prepared = XmlToBeSigned.prepare(unsigned(), SignerRole.HOMEROOM_TEACHER, chain("gvcn-rsa"), "RS256", t0)
        val bare = assertThrows<HocbaException.Envelope> {
            prepared.attach(jdkSign("gvcn-rsa", prepared.digest(), "NONEwithRSA"))
        }
        assertEquals("attach_pkcs1_no_digest_info", bare.code)
        assertTrue(bare.messageVi.contains("DigestInfo"), bare.messageVi)
        val pss = XmlToBeSigned.prepare(unsigned(), SignerRole.HOMEROOM_TEACHER, chain("gvcn-rsa"), "PS256", t0)
        assertEquals("attach_pkcs1_not_pss",
            assertThrows<HocbaException.Envelope> { pss.attach(jdkSign("gvcn-rsa", pss.digest(), "NONEwithRSA")) }.code)
        // docs/bindings.md's snippet, as written.
        val tokenKey = KeyFactory.getInstance("RSA").generatePrivate(PKCS8EncodedKeySpec(vec("pki/keys/gvcn-rsa.pk8")))
        val sha256DigestInfo = byteArrayOf(0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86.toByte(), 0x48, 0x01,
            0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20)
        val signature = Signature.getInstance("NONEwithRSA")   // the token's key, e.g. through SunPKCS11
            .run { initSign(tokenKey); update(sha256DigestInfo + prepared.digest()); sign() }
        val signedXml = prepared.attach(signature)
        trust().use { t ->
            val r = t.verifyXml(signedXml, at)
            assertEquals(VerificationStatus.INCOMPLETE, r.status)
            assertTrue(r.signers.single().valid, r.summaryEn)
        }
    }

    private fun signed(): ByteArray {
        var xml = unsigned()
        roles.forEachIndexed { i, (role, name) ->
            xml = signXml(xml, SigningKey.fromPkcs8(vec("pki/keys/$name.pk8"), "RS256"), role, chain(name), t0.plusSeconds(60L * i))
        }
        return xml
    }

    @Test
    fun `verifyMany takes signed XML, a changed byte and garbage, in order`() {
        val xml = signed()
        val tag = "<CHIEU_CAO>".toByteArray()
        val i = (0..xml.size - tag.size).first { at -> tag.indices.all { xml[at + it] == tag[it] } } + tag.size
        val changed = xml.copyOf().also { it[i] = (it[i].toInt() xor 1).toByte() }
        trust().use { t ->
            val reports = t.verifyMany(listOf(xml, changed, "<HOC_BA>".toByteArray()), at)
            assertEquals(listOf(VerificationStatus.VALID, VerificationStatus.INVALID, VerificationStatus.INVALID),
                reports.map { it.status })
            assertEquals("xmldsig_digest_mismatch", reports[1].error)
            assertNull(reports[1].record)
            assertTrue(reports[2].error!!.startsWith("xml_"), reports[2].error)
            assertEquals(t.verifyXml(xml, at), reports[0])
            val garbage = assertThrows<HocbaException.Envelope> { t.verifyXml("<HOC_BA>".toByteArray(), at) }
            assertEquals(reports[2].error, garbage.code)
        }
    }

    @Test
    fun `a transcript's unreadable record is named by its index, as Python's record`() {
        trust().use { t ->
            val broken = "<HOC_BA".toByteArray()
            val second = assertThrows<HocbaException> {
                t.verifyXmlTranscript(listOf(signed(), broken), at, emptyList(), emptyMap())
            }
            assertEquals("xml_malformed", second.code)
            assertEquals(1u, second.record)
            val first = assertThrows<HocbaException> {
                t.verifyXmlTranscript(listOf(broken, signed()), at, emptyList(), emptyMap())
            }
            assertEquals(0u, first.record)
            // An error about no record in particular (a lookup code that is not one) names none.
            val code = assertThrows<HocbaException.Model> {
                t.verifyXmlTranscript(listOf(signed()), at, listOf("x"), emptyMap())
            }
            assertNull(code.record)
        }
    }
}
