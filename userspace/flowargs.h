/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: the flow command grammar, kernel-free so that it can be unit
 * tested. The attribute numbers and enums come from the generated uapi
 * header netlink/uapi/linux/ksrtp.h.
 */
#ifndef SRTPCTL_FLOWARGS_H
#define SRTPCTL_FLOWARGS_H

#include <stdint.h>
#include <stdio.h>

#include <linux/ksrtp.h>

#include "keyspec.h"

/* A flow-new request, everything in host byte order except addresses. */
struct flow_req {
	uint8_t dir;			/* KSRTP_DIR_* */
	uint16_t family;		/* AF_INET or AF_INET6 */
	uint8_t local_addr[16];		/* network order, 4 or 16 bytes */
	uint16_t local_port;
	int has_remote;			/* remote address and port given */
	uint8_t remote_addr[16];
	uint16_t remote_port;
	uint32_t suite;			/* KSRTP_SUITE_* */
	uint8_t key[KS_MAX_KEY_LEN];
	unsigned int key_len;
	uint8_t salt[KS_MAX_SALT_LEN];
	unsigned int salt_len;
	uint8_t mki[KSRTP_MKI_MAX_LEN];	/* network order */
	unsigned int mki_len;		/* 0: no MKI */
	int has_ssrc;
	uint32_t ssrc;
	int has_max_ssrcs;
	uint32_t max_ssrcs;
	int has_ssrc_idle_ms;
	uint32_t ssrc_idle_ms;		/* 0: never */
	int rtcp_mux;
	int rtcp;
	int has_replay_window;
	uint32_t replay_window;
	int has_roc;
	uint32_t roc;
	int reset_roc;
	int has_grace_ms;
	uint32_t grace_ms;
	int has_grace_packets;
	uint32_t grace_packets;
	int has_lifetime;		/* explicit, or from the SDES key */
	uint64_t lifetime;		/* packets, 1..2^48 */
	int has_soft_lifetime;
	uint64_t soft_lifetime;
	uint64_t cookie;		/* 0: none */
	int owned;			/* socket-owner */
	uint8_t srtcp_tag_len;		/* bytes, 4 or 10; 0: not given */
};

/*
 * Which flows a "flow del" or "flow show" names: by id, by cookie (every
 * flow with it) or by 5-tuple (dir, local, remote; "remote any" or no
 * remote for an rx flow that takes any), or none (show: all).
 */
struct flow_sel {
	int has_id;
	uint32_t id;
	int has_cookie;
	uint64_t cookie;
	int has_tuple;
	uint8_t dir;
	uint16_t family;
	uint8_t local_addr[16];
	uint16_t local_port;
	int has_remote;
	uint8_t remote_addr[16];
	uint16_t remote_port;
};

/*
 * "flow del SEL" and "flow show [ SEL ] [ -s ]", after the command word:
 * SEL := { id N | cookie N | dir D local ADDR:PORT [ remote { ADDR:PORT |
 * any } ] }. @stats is NULL for del, which needs a SEL. 0, or -1 with
 * "flow CMD: ..." in @err.
 */
int flow_sel_parse(const char *cmd, int argc, char **argv,
		   struct flow_sel *sel, int *stats, char *err,
		   size_t errlen);

/* A flow-set request ("flow change"); host byte order but addresses. */
struct flow_set_req {
	uint32_t id;
	uint16_t family;		/* of the remote, if given */
	int has_remote;
	uint8_t remote_addr[16];
	uint16_t remote_port;
	int has_grace_ms, has_grace_packets, has_ssrc_idle_ms;
	uint32_t grace_ms, grace_packets, ssrc_idle_ms;
};

/*
 * "flow change id N [ remote ADDR:PORT ] [ grace-ms N ] [ grace-packets N ]
 * [ ssrc-idle-ms N ]", after the word "change". 0, or -1 with @err.
 */
int flow_change_parse(int argc, char **argv, struct flow_set_req *req,
		      char *err, size_t errlen);

/* Length of an address of @family (AF_INET/AF_INET6), 0 if neither. */
unsigned int flow_addr_len(uint16_t family);

/*
 * Parse "flow add" arguments (after the word "add"). "key -" reads one
 * line from @keyin. On success returns 0 and fills @req. On failure
 * returns -1 with a message naming the bad word in @err, and @req holds
 * no key material. Either way wipe @req with flow_req_clear() when done.
 */
int flow_add_parse(int argc, char **argv, FILE *keyin, struct flow_req *req,
		   char *err, size_t errlen);

void flow_req_clear(struct flow_req *req);

/* "flow del id N" and "flow show [id N] [-s]" */
int flow_del_parse(int argc, char **argv, uint32_t *id, char *err,
		   size_t errlen);
int flow_show_parse(int argc, char **argv, int *has_id, uint32_t *id,
		    int *stats, char *err, size_t errlen);

/* "stream show id N [ ssrc S ]" (after the word "show") */
int stream_show_parse(int argc, char **argv, uint32_t *id, int *has_ssrc,
		      uint32_t *ssrc, char *err, size_t errlen);

/* KSRTP_SUITE_* <-> keyspec suites; NULL/0 if unknown. */
const struct ks_suite *flow_suite_from_uapi(uint32_t suite);
uint32_t flow_suite_to_uapi(const struct ks_suite *s);

/*
 * Parse ADDR:PORT, IPv6 as [ADDR]:PORT, into @family, @addr (network
 * order) and @port. Returns 0, or -1 with @err filled.
 */
int flow_parse_endpoint(const char *what, const char *arg, uint16_t *family,
			uint8_t *addr, uint16_t *port, char *err,
			size_t errlen);

/* Parse an unsigned 32 bit number, decimal or 0x hex. 0 on success. */
int flow_parse_u32(const char *arg, uint32_t *val);

/* The same for a 64 bit number of at most @max. 0 on success. */
int flow_parse_u64(const char *arg, uint64_t max, uint64_t *val);

/*
 * A key lifetime in packets: N (decimal or 0x hex) or 2^N, 1..2^48.
 * 0 on success.
 */
int flow_parse_lifetime(const char *arg, uint64_t *val);

/* Largest 48-bit SRTP packet index (RFC 3711 section 3.3.1). */
#define FLOW_INDEX_MAX		((1ULL << 48) - 1)

/*
 * An SRTP packet index: N (0..2^48-1, decimal or 0x hex) or ROC:SEQ
 * (ROC 0..2^32-1, SEQ 0..65535), meaning ROC * 65536 + SEQ. Returns 0, or
 * -1 with "@what 'ARG': reason" in @err.
 */
int flow_parse_index(const char *what, const char *arg, uint64_t *idx,
		     char *err, size_t errlen);

/*
 * An MKI in hex, two digits per byte, 1..KSRTP_MKI_MAX_LEN bytes, with or
 * without a leading 0x: "01", "0x0102". 0 on success.
 */
int flow_parse_mki(const char *arg, uint8_t *mki, unsigned int *len);

/*
 * Option values of the flow and key commands, with the error message:
 * @cmd is the command ("flow add", "key del", ...). Each returns 0, or -1
 * with "@cmd: WORD 'ARG': ..." in @err.
 */

/* A flow id, 1..2^32-1. */
int flow_arg_id(const char *cmd, const char *arg, uint32_t *id, char *err,
		size_t errlen);

/* The same for the "id" at @argv[@i], whose value may be missing. */
int flow_arg_id_word(const char *cmd, int argc, char **argv, int i,
		     uint32_t *id, char *err, size_t errlen);

/* An MKI, as flow_parse_mki(). */
int flow_arg_mki(const char *cmd, const char *arg, uint8_t *mki,
		 unsigned int *len, char *err, size_t errlen);

/* The lifetime of option @word, as flow_parse_lifetime(); sets *@has. */
int flow_arg_lifetime(const char *cmd, const char *word, const char *arg,
		      uint64_t *val, int *has, char *err, size_t errlen);

/* A keyword of a command line grammar, for flow_find_kw(). */
struct flow_kw {
	const char *word;
	unsigned int bit;	/* the caller's bit for "seen" */
	int has_value;		/* the next argument is its value */
};

/*
 * The entry of @tab (@n entries) for @word: the one it names exactly,
 * else the one it is a prefix of, as ip(8) takes "sh" for "show". NULL if
 * none, or if @word is the prefix of several (ambiguous).
 */
const struct flow_kw *flow_find_kw(const struct flow_kw *tab, size_t n,
				   const char *word);

/* Whether @arg is a (non-empty) prefix of keyword @word, or @word itself. */
int flow_kw_is(const char *arg, const char *word);

/*
 * The message for a @word that flow_find_kw() did not find:
 * "@cmd: unknown argument 'WORD'", or if it is ambiguous
 * "@cmd: ambiguous argument 'WORD': A, B" naming the candidates.
 */
void flow_kw_error(const char *cmd, const struct flow_kw *tab, size_t n,
		   const char *word, char *err, size_t errlen);

/* A command or object word, and what it means (aliases share an id). */
struct flow_cmd {
	const char *word;
	int id;
};

/*
 * The id of @word in @tab (@n entries): an exact match, else the entries
 * @word is a prefix of, if they all have one id. -1 if none; -2 if
 * ambiguous, with the candidates ("flow, flush") in @cands.
 */
int flow_match_cmd(const struct flow_cmd *tab, size_t n, const char *word,
		   char *cands, size_t len);

/*
 * Take the keyword at argv[*@i] (from @tab, @n entries, every one with a
 * value) and its value: sets *@val, marks it in *@seen and leaves *@i on
 * the value. NULL with @err filled if the word is unknown, given twice or
 * has no value.
 */
const struct flow_kw *flow_take_kw(const char *cmd,
				   const struct flow_kw *tab, size_t n,
				   int argc, char **argv, int *i,
				   unsigned int *seen, const char **val,
				   char *err, size_t errlen);

/*
 * Read one KEYSPEC line from @in ("key -"): returns a malloc'd string
 * without the line end, or NULL with @err filled. Wipe it with
 * flow_wipe_str().
 */
char *flow_read_key_line(FILE *in, char *err, size_t errlen);
void flow_wipe_str(char *s);

#endif /* SRTPCTL_FLOWARGS_H */
