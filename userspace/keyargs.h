/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: the key and monitor command grammar, kernel-free so that it can
 * be unit tested.
 *
 *   key add id N { current | next | at INDEX | standby } [ suite SUITE ]
 *           key { KEYSPEC | - } [ mki HEX ] [ use ] [ lifetime LIFETIME ]
 *           [ soft-lifetime LIFETIME ]
 *   key replace id N [ suite SUITE ] key { KEYSPEC | - } [ mki HEX ]
 *           [ lifetime LIFETIME ] [ soft-lifetime LIFETIME ]
 *   key del id N { next | previous | at INDEX | mki HEX }
 *   key use id N mki HEX
 *   key show id N [ -j ]
 *   monitor [ -j ] [ count N ]
 */
#ifndef SRTPCTL_KEYARGS_H
#define SRTPCTL_KEYARGS_H

#include <stdint.h>
#include <stdio.h>

#include <linux/ksrtp.h>

#include "keyspec.h"

/* A key-new, key-del or key-use request, in host byte order. */
struct key_req {
	uint32_t flow_id;
	uint8_t slot;			/* KSRTP_KEY_SLOT_*, 0: none sent */
	int standby;			/* "standby" was written */
	int has_from_index;
	uint64_t from_index;
	uint8_t key[KS_MAX_KEY_LEN];
	unsigned int key_len;		/* 0: no key material (del, use) */
	uint8_t salt[KS_MAX_SALT_LEN];
	unsigned int salt_len;
	uint8_t mki[KSRTP_MKI_MAX_LEN];	/* network order */
	unsigned int mki_len;		/* 0: no MKI */
	int has_lifetime;		/* explicit, or from the SDES key */
	uint64_t lifetime;
	int has_soft_lifetime;
	uint64_t soft_lifetime;
	int use;

	/*
	 * key add/replace: the KEYSPEC, while it waits for the suite that
	 * splits it into key and salt (malloc'd; wiped by key_req_clear()).
	 * NULL once key_req_finish() has run.
	 */
	char *keyspec;
	const struct ks_suite *suite;	/* "suite SUITE", or NULL */
	int has_mki_arg;		/* "mki HEX" was given */
	uint8_t mki_arg[KSRTP_MKI_MAX_LEN];
	unsigned int mki_arg_len;
	int replace;
};

/*
 * Parse "key add" (@replace 0) or "key replace" (@replace 1) arguments,
 * after the command word. "key -" reads one line from @keyin.
 *
 * If the suite is known ("suite SUITE", or a KEYSPEC that is an a=crypto
 * line), the request is complete on return (key_req_finish() has run).
 * Otherwise req->keyspec is left set: look up the flow's suite and call
 * key_req_finish() with it.
 *
 * Returns 0, or -1 with a message in @err (never quoting the key). Either
 * way wipe @req with key_req_clear() when done.
 */
int key_add_parse(int argc, char **argv, int replace, FILE *keyin,
		  struct key_req *req, char *err, size_t errlen);

/*
 * Split the pending KEYSPEC with @suite (may be NULL for an a=crypto
 * line) and run the checks that need the whole key: MKI, lifetime,
 * standby and use. Returns 0, or -1 with @err filled.
 */
int key_req_finish(struct key_req *req, const struct ks_suite *suite,
		   char *err, size_t errlen);

/* Does @req still wait for a suite (key_req_finish() not yet run)? */
int key_req_needs_suite(const struct key_req *req);

void key_req_clear(struct key_req *req);

/* "key del ..." and "key use ...", after the command word. */
int key_del_parse(int argc, char **argv, struct key_req *req, char *err,
		  size_t errlen);
int key_use_parse(int argc, char **argv, struct key_req *req, char *err,
		  size_t errlen);

/* "key show id N [ -j ]": sets *@json if -j is given. */
int key_show_parse(int argc, char **argv, uint32_t *id, int *json, char *err,
		   size_t errlen);

/* "monitor [ -j ] [ count N ]": *@count 0 means until killed. */
int monitor_parse(int argc, char **argv, int *json, uint32_t *count,
		  char *err, size_t errlen);

#endif /* SRTPCTL_KEYARGS_H */
