// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: SRTP and SRTCP transforms (RFC 3711, RFC 6188, RFC 7714) on one
 * packet in a linear buffer, through the kernel crypto API.
 *
 * Transforms are allocated once per key (ksrtp_keys_init()) and are only
 * used, never changed, afterwards, so many CPUs may use one key at a time.
 * The datapath cannot wait for a completion, so every transform is
 * synchronous. Where the architecture has SIMD drivers (AES-NI, VAES,
 * PCLMULQDQ), the kernel registers them as internal algorithms behind
 * asynchronous wrappers that defer to cryptd when SIMD is not usable. ksrtp
 * takes the internal ones directly ("__ctr(aes)", "__gcm(aes)") and, for
 * when crypto_simd_usable() says no, a synchronous fallback of the generic
 * name per key: no packet waits, and none is dropped for want of SIMD.
 */

#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <crypto/algapi.h>
#include <crypto/internal/simd.h>
#include <linux/bottom_half.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/simd.h>

#include "compat.h"
#include "rtp.h"
#include "srtp.h"

#define KSRTP_SHA1_LEN	20

/* The KUnit suites count fallback uses through this. */
#ifndef ksrtp_test_fallback
#define ksrtp_test_fallback() do { } while (0)
#endif

/*
 * Scratch for one AEAD call on one CPU. It must not live on the stack or in
 * vmalloc space: the GCM template points scatterlists into the request.
 */
struct ksrtp_aead_buf {
	u8 ad_tail[KSRTP_SRTCP_INDEX_LEN];
	struct aead_request req;	/* must be last: request context follows */
};

/*
 * The AEAD request buffers, one per CPU for the whole module, each with room
 * for @reqsize bytes of request context. The pool only grows, when a new
 * key's transform needs more: it is replaced under RCU and the old one freed
 * after a grace period.
 */
struct ksrtp_aead_pool {
	unsigned int reqsize;
	struct ksrtp_aead_buf * __percpu *bufs;
};

static struct ksrtp_aead_pool __rcu *ksrtp_aead_pool;
static DEFINE_MUTEX(ksrtp_aead_pool_lock);

/*
 * No SIMD driver of this kind was found (each look costs a modprobe): look
 * again only after a minute, in case the architecture's module was loaded.
 */
static unsigned long ksrtp_no_simd_ctr, ksrtp_no_simd_gcm;

static bool ksrtp_simd_missing(unsigned long *since)
{
	unsigned long t = READ_ONCE(*since);

	return t && time_before(jiffies, t + 60 * HZ);
}

static void ksrtp_simd_lookup(unsigned long *since, long err)
{
	if (err == -ENOENT)
		WRITE_ONCE(*since, jiffies ?: 1);
	else if (!err)
		WRITE_ONCE(*since, 0);
}

static void ksrtp_aead_pool_free(struct ksrtp_aead_pool *p)
{
	int cpu;

	if (!p)
		return;
	if (p->bufs) {
		for_each_possible_cpu(cpu)
			kfree_sensitive(*per_cpu_ptr(p->bufs, cpu));
		free_percpu(p->bufs);
	}
	kfree(p);
}

/* Make room for requests of @tfm. Process context: may sleep. */
static int ksrtp_aead_pool_fit(struct crypto_aead *tfm)
{
	unsigned int reqsize = crypto_aead_reqsize(tfm);
	struct ksrtp_aead_pool *old, *p;
	int cpu, err = 0;

	mutex_lock(&ksrtp_aead_pool_lock);
	old = rcu_dereference_protected(ksrtp_aead_pool,
					lockdep_is_held(&ksrtp_aead_pool_lock));
	if (old && old->reqsize >= reqsize)
		goto out;
	err = -ENOMEM;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		goto out;
	p->reqsize = reqsize;
	p->bufs = alloc_percpu(struct ksrtp_aead_buf *);
	if (!p->bufs)
		goto out_free;
	for_each_possible_cpu(cpu) {
		struct ksrtp_aead_buf *b;

		b = kzalloc(sizeof(*b) + reqsize, GFP_KERNEL);
		if (!b)
			goto out_free;
		*per_cpu_ptr(p->bufs, cpu) = b;
	}
	rcu_assign_pointer(ksrtp_aead_pool, p);
	err = 0;
	if (old) {
		synchronize_rcu();
		ksrtp_aead_pool_free(old);
	}
	goto out;
out_free:
	ksrtp_aead_pool_free(p);
out:
	mutex_unlock(&ksrtp_aead_pool_lock);
	return err;
}

/**
 * ksrtp_srtp_exit() - free the AEAD request buffers
 *
 * At module exit, when no key is left.
 */
void ksrtp_srtp_exit(void)
{
	ksrtp_aead_pool_free(rcu_dereference_protected(ksrtp_aead_pool, 1));
	RCU_INIT_POINTER(ksrtp_aead_pool, NULL);
}

/* The CTR transform to use here and now. */
static struct crypto_sync_skcipher *
ksrtp_session_ctr(const struct ksrtp_session *s)
{
	if (s->ctr_fb && !crypto_simd_usable()) {
		ksrtp_test_fallback();
		return s->ctr_fb;
	}
	return s->ctr;
}

/* The AEAD transform to use here and now. */
static struct crypto_aead *ksrtp_session_aead(const struct ksrtp_session *s)
{
	if (s->aead_fb && !crypto_simd_usable()) {
		ksrtp_test_fallback();
		return s->aead_fb;
	}
	return s->aead;
}

/* AES-CM keystream: the 16-byte IV built from the salt, SSRC and index. */
static void ksrtp_cm_iv(u8 *iv, const u8 *salt, u32 ssrc, u64 index)
{
	int i;

	memcpy(iv, salt, KSRTP_CM_SALT_LEN);
	iv[14] = 0;
	iv[15] = 0;
	for (i = 0; i < 4; i++)
		iv[4 + i] ^= ssrc >> (24 - 8 * i);
	for (i = 0; i < 6; i++)
		iv[8 + i] ^= index >> (40 - 8 * i);
}

/* XOR @len bytes at @data with the AES-CM keystream that starts at @iv. */
static int ksrtp_cm_crypt(struct crypto_sync_skcipher *tfm, u8 *iv,
			  u8 *data, unsigned int len)
{
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, tfm);
	struct scatterlist sg;
	int err;

	if (!len)
		return 0;
	sg_init_one(&sg, data, len);
	skcipher_request_set_sync_tfm(req, tfm);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, len, iv);
	err = crypto_skcipher_encrypt(req);
	skcipher_request_zero(req);
	return err;
}

/* HMAC-SHA1 over @data, then over @tail (the ROC) when given. */
static int ksrtp_hmac(struct crypto_shash *tfm, const u8 *data,
		      unsigned int len, const u8 *tail, unsigned int tail_len,
		      u8 *out)
{
	SHASH_DESC_ON_STACK(desc, tfm);
	int err;

	desc->tfm = tfm;
	err = crypto_shash_init(desc);
	if (!err)
		err = crypto_shash_update(desc, data, len);
	if (!err && tail_len)
		err = crypto_shash_update(desc, tail, tail_len);
	if (!err)
		err = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

/*
 * One AES-GCM operation in place. The associated data is @ad (@ad_len bytes)
 * followed by @ad_tail (4 bytes) when given; the text is @data (@data_len
 * bytes, without the tag), and the tag follows it in the buffer.
 */
static int ksrtp_aead_crypt(const struct ksrtp_session *s, bool enc,
			    u8 *iv, u8 *ad, unsigned int ad_len,
			    const u8 *ad_tail, u8 *data, unsigned int data_len)
{
	const struct ksrtp_aead_pool *pool;
	struct ksrtp_aead_buf *buf;
	struct crypto_aead *tfm;
	struct scatterlist sg[3];
	unsigned int n = 0, assoc = ad_len;
	int err;

	sg_init_table(sg, ad_tail ? 3 : 2);
	local_bh_disable();
	tfm = ksrtp_session_aead(s);
	pool = rcu_dereference_bh(ksrtp_aead_pool);
	/* the key's setup made room for it; never trust that blindly */
	if (unlikely(!pool || pool->reqsize < crypto_aead_reqsize(tfm))) {
		local_bh_enable();
		return -EOVERFLOW;
	}
	buf = *this_cpu_ptr(pool->bufs);

	sg_set_buf(&sg[n++], ad, ad_len);
	if (ad_tail) {
		memcpy(buf->ad_tail, ad_tail, KSRTP_SRTCP_INDEX_LEN);
		sg_set_buf(&sg[n++], buf->ad_tail, KSRTP_SRTCP_INDEX_LEN);
		assoc += KSRTP_SRTCP_INDEX_LEN;
	}
	sg_set_buf(&sg[n], data, data_len + KSRTP_GCM_TAG_LEN);

	aead_request_set_tfm(&buf->req, tfm);
	aead_request_set_callback(&buf->req, 0, NULL, NULL);
	aead_request_set_ad(&buf->req, assoc);
	if (enc) {
		aead_request_set_crypt(&buf->req, sg, sg, data_len, iv);
		err = crypto_aead_encrypt(&buf->req);
	} else {
		aead_request_set_crypt(&buf->req, sg, sg,
				       data_len + KSRTP_GCM_TAG_LEN, iv);
		err = crypto_aead_decrypt(&buf->req);
	}
	local_bh_enable();
	return err;
}

/* RFC 7714 section 8.1 (SRTP) and 9.1 (SRTCP) IV: 00 00 || SSRC || x || y. */
static void ksrtp_gcm_iv(u8 *iv, const u8 *salt, u32 ssrc, u32 x, u16 y)
{
	int i;

	iv[0] = 0;
	iv[1] = 0;
	put_unaligned_be32(ssrc, iv + 2);
	put_unaligned_be32(x, iv + 6);
	put_unaligned_be16(y, iv + 10);
	for (i = 0; i < KSRTP_GCM_SALT_LEN; i++)
		iv[i] ^= salt[i];
}

/*
 * The AES-CM PRF of RFC 3711 section 4.3.3 with kdr = 0: the keystream for
 * IV = (master salt XOR label << 48) || 0x0000, under the master key. A
 * 12-byte (AEAD) master salt is zero-extended to 14 bytes (RFC 7714 sec. 11).
 */
static int ksrtp_kdf(struct crypto_sync_skcipher *prf, const u8 *msalt,
		     unsigned int salt_len, u8 label, u8 *out,
		     unsigned int out_len)
{
	u8 iv[16] = {};
	u8 *buf;
	int err;

	buf = kzalloc(out_len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(iv, msalt, salt_len);
	iv[7] ^= label;
	err = ksrtp_cm_crypt(prf, iv, buf, out_len);
	memcpy(out, buf, out_len);
	kfree_sensitive(buf);
	return err;
}

static void ksrtp_session_destroy(struct ksrtp_session *s)
{
	if (s->aead_fb)
		crypto_free_aead(s->aead_fb);
	if (s->aead)
		crypto_free_aead(s->aead);
	if (s->hmac)
		crypto_free_shash(s->hmac);
	if (s->ctr_fb)
		crypto_free_sync_skcipher(s->ctr_fb);
	if (s->ctr)
		crypto_free_sync_skcipher(s->ctr);
	memzero_explicit(s, sizeof(*s));
}

/*
 * AES-CM: ctr(aes) first, which also loads the architecture's AES module
 * where it is one, then the SIMD driver. With both, the SIMD one is used
 * and ctr(aes) is the fallback.
 */
static int ksrtp_session_ctr_init(struct ksrtp_session *s, const u8 *key,
				  unsigned int key_len)
{
	struct crypto_sync_skcipher *tfm;
	int err;

	tfm = crypto_alloc_sync_skcipher("ctr(aes)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	s->ctr = tfm;
	err = crypto_sync_skcipher_setkey(tfm, key, key_len);
	if (err || ksrtp_simd_missing(&ksrtp_no_simd_ctr))
		return err;

	tfm = crypto_alloc_sync_skcipher("__ctr(aes)", CRYPTO_ALG_INTERNAL,
					 CRYPTO_ALG_INTERNAL);
	ksrtp_simd_lookup(&ksrtp_no_simd_ctr, PTR_ERR_OR_ZERO(tfm));
	if (IS_ERR(tfm))
		return 0;
	err = crypto_sync_skcipher_setkey(tfm, key, key_len);
	if (err) {
		crypto_free_sync_skcipher(tfm);
		return err;
	}
	s->ctr_fb = s->ctr;
	s->ctr = tfm;
	return 0;
}

static struct crypto_aead *ksrtp_alloc_gcm(const char *name, u32 type,
					   const u8 *key, unsigned int key_len)
{
	struct crypto_aead *tfm;
	int err;

	tfm = crypto_alloc_aead(name, type, type | CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm))
		return tfm;
	err = crypto_aead_setkey(tfm, key, key_len);
	if (!err)
		err = crypto_aead_setauthsize(tfm, KSRTP_GCM_TAG_LEN);
	if (!err)
		err = ksrtp_aead_pool_fit(tfm);
	if (err) {
		crypto_free_aead(tfm);
		return ERR_PTR(err);
	}
	return tfm;
}

/* AES-GCM: as AES-CM, gcm(aes) first, then the SIMD driver. */
static int ksrtp_session_aead_init(struct ksrtp_session *s, const u8 *key,
				   unsigned int key_len)
{
	struct crypto_aead *tfm;

	tfm = ksrtp_alloc_gcm("gcm(aes)", 0, key, key_len);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	s->aead = tfm;
	if (ksrtp_simd_missing(&ksrtp_no_simd_gcm))
		return 0;

	tfm = ksrtp_alloc_gcm("__gcm(aes)", CRYPTO_ALG_INTERNAL, key, key_len);
	ksrtp_simd_lookup(&ksrtp_no_simd_gcm, PTR_ERR_OR_ZERO(tfm));
	if (IS_ERR(tfm))
		return PTR_ERR(tfm) == -ENOENT ? 0 : PTR_ERR(tfm);
	s->aead_fb = s->aead;
	s->aead = tfm;
	return 0;
}

/*
 * Set up one session (SRTP or SRTCP) from session keys. Also used directly by
 * the KUnit suites for the vectors that give session keys.
 */
static int ksrtp_session_init(struct ksrtp_session *s,
			      const struct ksrtp_suite_info *suite,
			      const u8 *enc_key, const u8 *auth_key,
			      const u8 *salt)
{
	int err;

	memset(s, 0, sizeof(*s));
	memcpy(s->salt, salt, suite->salt_len);
	s->encrypt = suite->encrypt;

	if (suite->aead) {
		err = ksrtp_session_aead_init(s, enc_key, suite->key_len);
		goto out;
	}

	if (suite->encrypt) {
		err = ksrtp_session_ctr_init(s, enc_key, suite->key_len);
		if (err)
			goto out;
	}

	s->hmac = crypto_alloc_shash("hmac(sha1)", 0, 0);
	if (IS_ERR(s->hmac)) {
		err = PTR_ERR(s->hmac);
		s->hmac = NULL;
		goto out;
	}
	err = crypto_shash_setkey(s->hmac, auth_key, KSRTP_AUTH_KEY_LEN);
out:
	if (err)
		ksrtp_session_destroy(s);
	else
		s->ready = true;
	return err;
}

/* Derive and set up the SRTP (@label_base 0) or SRTCP (3) session. */
static int ksrtp_session_derive(struct ksrtp_session *s,
				const struct ksrtp_suite_info *suite,
				struct crypto_sync_skcipher *prf,
				const u8 *msalt, u8 label_base)
{
	u8 enc[KSRTP_MAX_KEY_LEN], auth[KSRTP_AUTH_KEY_LEN];
	u8 salt[KSRTP_MAX_SALT_LEN];
	int err;

	err = ksrtp_kdf(prf, msalt, suite->salt_len, label_base, enc,
			suite->key_len);
	if (!err && !suite->aead)
		err = ksrtp_kdf(prf, msalt, suite->salt_len, label_base + 1,
				auth, sizeof(auth));
	if (!err)
		err = ksrtp_kdf(prf, msalt, suite->salt_len, label_base + 2,
				salt, suite->salt_len);
	if (!err)
		err = ksrtp_session_init(s, suite, enc, auth, salt);

	memzero_explicit(enc, sizeof(enc));
	memzero_explicit(auth, sizeof(auth));
	memzero_explicit(salt, sizeof(salt));
	return err;
}

/**
 * ksrtp_srtcp_tag_len_ok() - whether a suite takes an SRTCP tag length
 * @suite: the protection profile
 * @len: the SRTCP tag length in bytes
 *
 * Every suite takes its own; the HMAC-SHA1 suites with a 32-bit SRTP tag
 * (AES_CM_128_HMAC_SHA1_32, AES_256_CM_HMAC_SHA1_32, srtcp_tag32) also
 * take a 32-bit SRTCP tag, which libre (baresip) uses where RFC 4568 keeps
 * 80 bits.
 *
 * Return: true if @len is allowed.
 */
bool ksrtp_srtcp_tag_len_ok(const struct ksrtp_suite_info *suite,
			    unsigned int len)
{
	return len == suite->rtcp_tag_len || (suite->srtcp_tag32 && len == 4);
}

/**
 * ksrtp_keys_init() - derive session keys and allocate transforms
 * @k: the key context to fill
 * @m: the master key; the caller has checked the key and salt lengths
 * @extack: where to say what is wrong, may be NULL
 *
 * Process context only: allocates and may sleep. On failure @k holds
 * nothing that needs freeing.
 *
 * Return: 0 or a negative errno.
 */
int ksrtp_keys_init(struct ksrtp_keys *k, const struct ksrtp_master *m,
		    struct netlink_ext_ack *extack)
{
	const struct ksrtp_suite_info *suite = ksrtp_suite_get(m->suite);
	u8 uses = m->uses ?: KSRTP_USES_SRTP | KSRTP_USES_SRTCP;
	struct crypto_sync_skcipher *prf;
	int err = 0;

	memset(k, 0, sizeof(*k));
	if (!suite) {
		NL_SET_ERR_MSG(extack, "ksrtp: unknown crypto suite");
		return -EINVAL;
	}
	if (m->kdr) {
		NL_SET_ERR_MSG(extack,
			       "ksrtp: key derivation rate must be 0 (no rekeying by kdr)");
		return -EOPNOTSUPP;
	}
	if (!(uses & (KSRTP_USES_SRTP | KSRTP_USES_SRTCP)) ||
	    (uses & ~(KSRTP_USES_SRTP | KSRTP_USES_SRTCP))) {
		NL_SET_ERR_MSG(extack, "ksrtp: a key needs SRTP or SRTCP");
		return -EINVAL;
	}
	if (m->mki_len > KSRTP_MAX_MKI_LEN) {
		NL_SET_ERR_MSG(extack, "ksrtp: MKI longer than 4 bytes");
		return -EINVAL;
	}
	if (m->srtcp_tag_len && !ksrtp_srtcp_tag_len_ok(suite, m->srtcp_tag_len)) {
		NL_SET_ERR_MSG(extack,
			       "ksrtp: this suite does not take that SRTCP tag length");
		return -EINVAL;
	}

	prf = crypto_alloc_sync_skcipher("ctr(aes)", 0, 0);
	if (IS_ERR(prf)) {
		NL_SET_ERR_MSG(extack, "ksrtp: ctr(aes) is not available");
		return PTR_ERR(prf);
	}
	err = crypto_sync_skcipher_setkey(prf, m->key, suite->key_len);
	if (err)
		goto out;

	k->suite = suite;
	memcpy(k->mki, m->mki, m->mki_len);
	k->mki_len = m->mki_len;
	k->rtcp_tag_len = m->srtcp_tag_len ?: suite->rtcp_tag_len;

	/*
	 * Each session holds its own transforms (two AES key schedules and
	 * two HMAC states for AES-CM), so a flow that carries only SRTP or
	 * only SRTCP sets up only that one: half the memory of a key.
	 */
	if (uses & KSRTP_USES_SRTP)
		err = ksrtp_session_derive(&k->rtp, suite, prf, m->salt,
					   KSRTP_LABEL_RTP_ENC);
	if (err)
		goto out;
	if (uses & KSRTP_USES_SRTCP)
		err = ksrtp_session_derive(&k->rtcp, suite, prf, m->salt,
					   KSRTP_LABEL_RTCP_ENC);
	if (err)
		ksrtp_session_destroy(&k->rtp);
out:
	crypto_free_sync_skcipher(prf);
	if (err) {
		NL_SET_ERR_MSG(extack, "ksrtp: could not set up the session keys");
		memzero_explicit(k, sizeof(*k));
	}
	return err;
}

/**
 * ksrtp_keys_destroy() - free the transforms and wipe the key context
 * @k: a context set up by ksrtp_keys_init(), no longer used by any reader
 */
void ksrtp_keys_destroy(struct ksrtp_keys *k)
{
	if (!k->suite)
		return;
	ksrtp_session_destroy(&k->rtp);
	ksrtp_session_destroy(&k->rtcp);
	memzero_explicit(k, sizeof(*k));
}

/**
 * ksrtp_keys_drivers() - the crypto drivers a key context uses
 * @k: a context set up by ksrtp_keys_init()
 * @d: filled with the driver names (they live as long as @k)
 *
 * SRTP and SRTCP use the same algorithms; the SRTP session's are given, or
 * the SRTCP session's on a key that has no SRTP session.
 */
void ksrtp_keys_drivers(const struct ksrtp_keys *k, struct ksrtp_drivers *d)
{
	const struct ksrtp_session *s = k->rtp.ready ? &k->rtp : &k->rtcp;

	memset(d, 0, sizeof(*d));
	if (s->aead) {
		d->cipher = crypto_aead_driver_name(s->aead);
		if (s->aead_fb)
			d->cipher_fb = crypto_aead_driver_name(s->aead_fb);
	}
	if (s->ctr) {
		d->cipher = crypto_skcipher_driver_name(&s->ctr->base);
		if (s->ctr_fb)
			d->cipher_fb =
				crypto_skcipher_driver_name(&s->ctr_fb->base);
	}
	if (s->hmac)
		d->auth = crypto_shash_driver_name(s->hmac);
}

/* Bytes that protecting one RTP packet adds. */
unsigned int ksrtp_srtp_overhead(const struct ksrtp_keys *k)
{
	return k->mki_len + k->suite->rtp_tag_len;
}

/* Bytes that protecting one RTCP packet adds. */
unsigned int ksrtp_srtcp_overhead(const struct ksrtp_keys *k)
{
	return KSRTP_SRTCP_INDEX_LEN + k->mki_len + k->rtcp_tag_len;
}

/**
 * ksrtp_srtp_protect() - turn an RTP packet into SRTP, in place
 * @k: key context
 * @pkt: the packet; the buffer holds @room bytes
 * @len: RTP packet length
 * @room: buffer size; at least @len + ksrtp_srtp_overhead()
 * @index: the packet's 48-bit index (ROC << 16 | SEQ)
 * @out_len: the SRTP packet length, on success
 *
 * A malformed packet is refused and left untouched.
 *
 * Return: KSRTP_DROP_NONE, or why the packet cannot be protected.
 */
enum ksrtp_drop ksrtp_srtp_protect(const struct ksrtp_keys *k, u8 *pkt,
				   unsigned int len, unsigned int room,
				   u64 index, unsigned int *out_len)
{
	const struct ksrtp_suite_info *suite = k->suite;
	const struct ksrtp_session *s = &k->rtp;
	struct ksrtp_rtp_hdr h;
	unsigned int tag_len = suite->rtp_tag_len;
	enum ksrtp_drop drop;
	u8 iv[16];
	int err;

	if (unlikely(!s->ready))
		return KSRTP_DROP_NO_KEY;
	drop = ksrtp_rtp_parse(pkt, len, &h);
	if (!drop)
		drop = ksrtp_rtp_check_padding(pkt, len, &h);
	if (drop)
		return drop;
	if (room < len || room - len < ksrtp_srtp_overhead(k))
		return KSRTP_DROP_ROOM;

	if (suite->aead) {
		ksrtp_gcm_iv(iv, s->salt, h.ssrc, ksrtp_index_roc(index),
			     (u16)index);
		if (s->encrypt)
			err = ksrtp_aead_crypt(s, true, iv, pkt, h.hdr_len,
					       NULL, pkt + h.hdr_len,
					       len - h.hdr_len);
		else
			err = ksrtp_aead_crypt(s, true, iv, pkt, len, NULL,
					       pkt + len, 0);
		if (err)
			return KSRTP_DROP_CRYPTO;
		/* RFC 7714 section 8: the MKI follows the tag. */
		memcpy(pkt + len + tag_len, k->mki, k->mki_len);
	} else {
		u8 mac[KSRTP_SHA1_LEN];
		__be32 roc = cpu_to_be32(ksrtp_index_roc(index));

		if (s->encrypt && s->ctr) {
			ksrtp_cm_iv(iv, s->salt, h.ssrc, index);
			err = ksrtp_cm_crypt(ksrtp_session_ctr(s), iv,
					     pkt + h.hdr_len, len - h.hdr_len);
			if (err)
				return KSRTP_DROP_CRYPTO;
		}
		err = ksrtp_hmac(s->hmac, pkt, len, (u8 *)&roc, sizeof(roc),
				 mac);
		if (err)
			return KSRTP_DROP_CRYPTO;
		memcpy(pkt + len, k->mki, k->mki_len);
		memcpy(pkt + len + k->mki_len, mac, tag_len);
		memzero_explicit(mac, sizeof(mac));
	}
	*out_len = len + ksrtp_srtp_overhead(k);
	return KSRTP_DROP_NONE;
}

/**
 * ksrtp_srtp_unprotect() - authenticate and decrypt an SRTP packet, in place
 * @k: key context
 * @pkt: the packet
 * @len: SRTP packet length
 * @index: the packet's estimated 48-bit index
 * @out_len: the RTP packet length, on success
 *
 * With HMAC suites the packet is untouched unless it authenticates. With
 * AES-GCM a packet that fails may have been decrypted in place: drop it.
 *
 * Return: KSRTP_DROP_NONE, KSRTP_DROP_AUTH if authentication failed,
 * KSRTP_DROP_NO_KEY if the MKI is not this key's, or why it is malformed.
 */
enum ksrtp_drop ksrtp_srtp_unprotect(const struct ksrtp_keys *k, u8 *pkt,
				     unsigned int len, u64 index,
				     unsigned int *out_len)
{
	const struct ksrtp_suite_info *suite = k->suite;
	const struct ksrtp_session *s = &k->rtp;
	unsigned int tag_len = suite->rtp_tag_len;
	unsigned int clen, mki_pos;
	struct ksrtp_rtp_hdr h;
	enum ksrtp_drop drop;
	u8 iv[16];
	int err;

	if (unlikely(!s->ready))
		return KSRTP_DROP_NO_KEY;
	drop = ksrtp_rtp_parse(pkt, len, &h);
	if (drop)
		return drop;
	if (len - h.hdr_len < k->mki_len + tag_len)
		return KSRTP_DROP_SHORT;
	clen = len - k->mki_len - tag_len;
	mki_pos = suite->aead ? len - k->mki_len : clen;
	if (k->mki_len && crypto_memneq(pkt + mki_pos, k->mki, k->mki_len))
		return KSRTP_DROP_NO_KEY;

	if (suite->aead) {
		ksrtp_gcm_iv(iv, s->salt, h.ssrc, ksrtp_index_roc(index),
			     (u16)index);
		if (s->encrypt)
			err = ksrtp_aead_crypt(s, false, iv, pkt, h.hdr_len,
					       NULL, pkt + h.hdr_len,
					       clen - h.hdr_len);
		else
			err = ksrtp_aead_crypt(s, false, iv, pkt, clen, NULL,
					       pkt + clen, 0);
		/* the AEAD API's "tag mismatch"; anything else is an error */
		if (err)
			return err == -EBADMSG ? KSRTP_DROP_AUTH :
						 KSRTP_DROP_CRYPTO;
	} else {
		u8 mac[KSRTP_SHA1_LEN];
		__be32 roc = cpu_to_be32(ksrtp_index_roc(index));
		bool bad;

		err = ksrtp_hmac(s->hmac, pkt, clen, (u8 *)&roc, sizeof(roc),
				 mac);
		if (err)
			return KSRTP_DROP_CRYPTO;
		bad = crypto_memneq(mac, pkt + clen + k->mki_len, tag_len);
		memzero_explicit(mac, sizeof(mac));
		if (bad)
			return KSRTP_DROP_AUTH;
		if (s->encrypt && s->ctr) {
			ksrtp_cm_iv(iv, s->salt, h.ssrc, index);
			err = ksrtp_cm_crypt(ksrtp_session_ctr(s), iv,
					     pkt + h.hdr_len, clen - h.hdr_len);
			if (err)
				return KSRTP_DROP_CRYPTO;
		}
	}

	/* Authenticated, but the sender's padding may still be wrong. */
	drop = ksrtp_rtp_check_padding(pkt, clen, &h);
	if (drop)
		return drop;
	*out_len = clen;
	return KSRTP_DROP_NONE;
}

/**
 * ksrtp_srtcp_protect() - turn an RTCP compound packet into SRTCP, in place
 * @k: key context
 * @pkt: the packet; the buffer holds @room bytes
 * @len: RTCP packet length
 * @room: buffer size; at least @len + ksrtp_srtcp_overhead()
 * @index: the 31-bit SRTCP index for this packet
 * @out_len: the SRTCP packet length, on success
 *
 * Return: KSRTP_DROP_NONE, or why the packet cannot be protected.
 */
enum ksrtp_drop ksrtp_srtcp_protect(const struct ksrtp_keys *k, u8 *pkt,
				    unsigned int len, unsigned int room,
				    u32 index, unsigned int *out_len)
{
	const struct ksrtp_suite_info *suite = k->suite;
	const struct ksrtp_session *s = &k->rtcp;
	unsigned int tag_len = k->rtcp_tag_len;
	u8 iv[16], word[KSRTP_SRTCP_INDEX_LEN];
	enum ksrtp_drop drop;
	u32 ssrc, e_index;
	int err;

	if (unlikely(!s->ready))
		return KSRTP_DROP_NO_KEY;
	drop = ksrtp_rtcp_parse(pkt, len, &ssrc);
	if (drop)
		return drop;
	if (room < len || room - len < ksrtp_srtcp_overhead(k))
		return KSRTP_DROP_ROOM;

	index &= KSRTP_SRTCP_INDEX_MASK;
	e_index = index | (s->encrypt ? KSRTP_SRTCP_E_FLAG : 0);
	put_unaligned_be32(e_index, word);

	if (suite->aead) {
		ksrtp_gcm_iv(iv, s->salt, ssrc, index >> 16, index);
		if (s->encrypt)
			err = ksrtp_aead_crypt(s, true, iv, pkt,
					       KSRTP_RTCP_HDR_LEN, word,
					       pkt + KSRTP_RTCP_HDR_LEN,
					       len - KSRTP_RTCP_HDR_LEN);
		else
			err = ksrtp_aead_crypt(s, true, iv, pkt, len, word,
					       pkt + len, 0);
		if (err)
			return KSRTP_DROP_CRYPTO;
		/* RFC 7714 section 9: tag, then E || index, then MKI. */
		memcpy(pkt + len + tag_len, word, sizeof(word));
		memcpy(pkt + len + tag_len + sizeof(word), k->mki, k->mki_len);
	} else {
		u8 mac[KSRTP_SHA1_LEN];

		if (s->encrypt && s->ctr) {
			ksrtp_cm_iv(iv, s->salt, ssrc, index);
			err = ksrtp_cm_crypt(ksrtp_session_ctr(s), iv,
					     pkt + KSRTP_RTCP_HDR_LEN,
					     len - KSRTP_RTCP_HDR_LEN);
			if (err)
				return KSRTP_DROP_CRYPTO;
		}
		memcpy(pkt + len, word, sizeof(word));
		err = ksrtp_hmac(s->hmac, pkt, len + sizeof(word), NULL, 0,
				 mac);
		if (err)
			return KSRTP_DROP_CRYPTO;
		memcpy(pkt + len + sizeof(word), k->mki, k->mki_len);
		memcpy(pkt + len + sizeof(word) + k->mki_len, mac, tag_len);
		memzero_explicit(mac, sizeof(mac));
	}
	*out_len = len + ksrtp_srtcp_overhead(k);
	return KSRTP_DROP_NONE;
}

/**
 * ksrtp_srtcp_unprotect() - authenticate and decrypt an SRTCP packet, in place
 * @k: key context
 * @pkt: the packet
 * @len: SRTCP packet length
 * @index: the SRTCP index carried in the packet, on success
 * @out_len: the RTCP packet length, on success
 *
 * Return: KSRTP_DROP_NONE, KSRTP_DROP_AUTH, KSRTP_DROP_NO_KEY, or why it is
 * malformed.
 */
enum ksrtp_drop ksrtp_srtcp_unprotect(const struct ksrtp_keys *k, u8 *pkt,
				      unsigned int len, u32 *index,
				      unsigned int *out_len)
{
	const struct ksrtp_suite_info *suite = k->suite;
	const struct ksrtp_session *s = &k->rtcp;
	unsigned int tag_len = k->rtcp_tag_len;
	unsigned int word_pos, mki_pos, plain_len;
	enum ksrtp_drop drop;
	u32 ssrc, e_index;
	u8 iv[16];
	bool enc;
	int err;

	if (unlikely(!s->ready))
		return KSRTP_DROP_NO_KEY;
	drop = ksrtp_rtcp_parse(pkt, len, &ssrc);
	if (drop)
		return drop;
	if (len - KSRTP_RTCP_HDR_LEN < ksrtp_srtcp_overhead(k))
		return KSRTP_DROP_SHORT;

	if (suite->aead) {
		/* header | ciphertext | tag | E+index | MKI */
		mki_pos = len - k->mki_len;
		word_pos = mki_pos - KSRTP_SRTCP_INDEX_LEN;
		plain_len = word_pos - tag_len;
	} else {
		/* header | ciphertext | E+index | MKI | tag */
		mki_pos = len - tag_len - k->mki_len;
		word_pos = mki_pos - KSRTP_SRTCP_INDEX_LEN;
		plain_len = word_pos;
	}
	if (k->mki_len && crypto_memneq(pkt + mki_pos, k->mki, k->mki_len))
		return KSRTP_DROP_NO_KEY;
	e_index = get_unaligned_be32(pkt + word_pos);
	enc = !!(e_index & KSRTP_SRTCP_E_FLAG);
	*index = e_index & KSRTP_SRTCP_INDEX_MASK;

	if (suite->aead) {
		ksrtp_gcm_iv(iv, s->salt, ssrc, *index >> 16, *index);
		if (enc)
			err = ksrtp_aead_crypt(s, false, iv, pkt,
					       KSRTP_RTCP_HDR_LEN,
					       pkt + word_pos,
					       pkt + KSRTP_RTCP_HDR_LEN,
					       plain_len - KSRTP_RTCP_HDR_LEN);
		else
			err = ksrtp_aead_crypt(s, false, iv, pkt, plain_len,
					       pkt + word_pos,
					       pkt + plain_len, 0);
		if (err)
			return err == -EBADMSG ? KSRTP_DROP_AUTH :
						 KSRTP_DROP_CRYPTO;
	} else {
		u8 mac[KSRTP_SHA1_LEN];
		bool bad;

		err = ksrtp_hmac(s->hmac, pkt, mki_pos, NULL, 0, mac);
		if (err)
			return KSRTP_DROP_CRYPTO;
		bad = crypto_memneq(mac, pkt + len - tag_len, tag_len);
		memzero_explicit(mac, sizeof(mac));
		if (bad)
			return KSRTP_DROP_AUTH;
		if (enc && s->ctr) {
			ksrtp_cm_iv(iv, s->salt, ssrc, *index);
			err = ksrtp_cm_crypt(ksrtp_session_ctr(s), iv,
					     pkt + KSRTP_RTCP_HDR_LEN,
					     plain_len - KSRTP_RTCP_HDR_LEN);
			if (err)
				return KSRTP_DROP_CRYPTO;
		}
	}
	*out_len = plain_len;
	return KSRTP_DROP_NONE;
}
