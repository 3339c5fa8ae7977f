package vn.hocba

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files

class TrustStoreTest {
    private fun pki(rel: String): ByteArray = Files.readAllBytes(Fixtures.vectorsDir.resolve("pki").resolve(rel))

    @Test
    fun `roots and CRLs are taken as DER or PEM`() {
        TrustStore(listOf(pki("roots.pem"), pki("certs/gov-root.der")), listOf(pki("crl/gov-ca.crl"))).use { t ->
            assertEquals(3u, t.rootCount())
            assertEquals(1u, t.crlCount())
        }
    }

    @Test
    fun `an unreadable anchor is a typed trust error`() {
        val pem = assertThrows<HocbaException.Trust> {
            TrustStore(listOf("-----BEGIN CERTIFICATE-----\nnot base64\n".toByteArray()), emptyList())
        }
        assertEquals("pem_malformed", pem.code)
        val der = assertThrows<HocbaException.Trust> { TrustStore(listOf(byteArrayOf(0x30, 0x03, 0x02, 0x01)), emptyList()) }
        assertEquals("root_malformed", der.code)
    }
}
