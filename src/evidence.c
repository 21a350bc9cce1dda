/*
 * evidence.c -- evidence files (电子存证): uploaded as multipart/form-data,
 * typed by their content, stored once under their SHA-256, readable only
 * with the case's access code (and, later, by authorised staff).
 *
 * A file is written to disk (and synced) before the database row that
 * names it is committed, so a 201 always means the bytes are kept.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "aid.h"
#include "app.h"
#include "audit.h"
#include "auth.h"
#include "complaint.h"
#include "crypto.h"
#include "db.h"
#include "filetype.h"
#include "handlers.h"
#include "log.h"
#include "multipart.h"
#include "pool.h"
#include "timeutil.h"
#include "utf8.h"

#define MAX_FILES_PER_REQUEST 10

struct upload {
	const struct mp_part	*part;
	const struct filetype	*type;
	char			 sha[65];
	const char		*filename;
	int			 duplicate;
};

/* evidence_dir/aa/bb/<sha256> */
static char *
file_path(struct ctx *ctx, const char *sha)
{
	return pool_printf(ctx->pool, "%s/%.2s/%.2s/%s",
	    ctx->cfg->evidence_dir, sha, sha + 2, sha);
}

static int
mkdir_p(const char *dir)
{
	return mkdir(dir, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

static int
fsync_dir(const char *dir)
{
	int fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Writes data under its hash unless the file is already there: a
 * temporary file, synced, renamed into place, directory synced. */
static int
store_file(struct ctx *ctx, const char *sha, const unsigned char *p,
    size_t n)
{
	char		*d1, *d2, *path, *tmp;
	struct stat	 st;
	size_t		 off = 0;
	ssize_t		 w;
	int		 fd;

	path = file_path(ctx, sha);
	d1 = pool_printf(ctx->pool, "%s/%.2s", ctx->cfg->evidence_dir, sha);
	d2 = pool_printf(ctx->pool, "%s/%.2s/%.2s", ctx->cfg->evidence_dir,
	    sha, sha + 2);
	tmp = pool_printf(ctx->pool, "%s.%ld.tmp", path, (long)getpid());
	if (path == NULL || d1 == NULL || d2 == NULL || tmp == NULL)
		return -1;
	if (stat(path, &st) == 0 && (size_t)st.st_size == n)
		return 0;
	if (mkdir_p(d1) == -1 || mkdir_p(d2) == -1)
		return -1;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640))
	    == -1)
		return -1;
	while (off < n) {
		if ((w = write(fd, p + off, n - off)) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)w;
	}
	if (off != n || fsync(fd) == -1) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (rename(tmp, path) == -1) {
		unlink(tmp);
		return -1;
	}
	return fsync_dir(d2);
}

/* A file name fit to keep and show: valid UTF-8 without controls, else
 * a neutral name with the detected extension. */
static const char *
clean_name(struct ctx *ctx, const struct upload *u)
{
	const char *f = u->part->filename;

	if (f[0] != '\0' && utf8_valid(f, strlen(f)) &&
	    !utf8_has_forbidden(f, strlen(f), false))
		return f;
	return pool_printf(ctx->pool, "file.%s", u->type->ext);
}

/* Checks every part: only "file" parts, each non-empty, within the
 * size limit and of an accepted type. */
static enum err
check_parts(struct ctx *ctx, const struct mp_part *parts, size_t n,
    struct upload *ups, size_t *nups, struct resp *resp)
{
	size_t	 i;
	char	 field[32];

	*nups = 0;
	for (i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "file[%zu]", *nups);
		if (strcmp(parts[i].name, "file") != 0) {
			verr_add(resp->errs, parts[i].name, "unknown_field", 0);
			continue;
		}
		if (!parts[i].has_filename) {
			verr_add(resp->errs, field, "file_name_missing", 0);
			continue;
		}
		if (parts[i].len == 0)
			verr_add(resp->errs, field, "file_empty", 0);
		else if (parts[i].len > ctx->cfg->evidence_max) {
			verr_add(resp->errs, field, "file_too_large",
			    (int64_t)ctx->cfg->evidence_max);
			return ERR_TOO_LARGE;
		} else if ((ups[*nups].type = filetype_sniff(parts[i].data,
		    parts[i].len)) == NULL) {
			verr_add(resp->errs, field, "file_type", 0);
			return ERR_MEDIA_TYPE;
		}
		ups[*nups].part = &parts[i];
		(*nups)++;
	}
	if (*nups == 0 && resp->errs->n == 0)
		verr_add(resp->errs, "file", "required", 0);
	return resp->errs->n > 0 ? ERR_VALIDATION : ERR_OK;
}

/* The case files are added to (complaints, aid requests). */
struct evcase {
	const char	*type;		/* case_type of events and rows */
	int64_t		 id;
	const char	*no;
	bool		 open;		/* still takes evidence */
	enum sqlstmt	 lock;		/* locks the case row by id */
};

/* Records the uploads on the case in one transaction. */
static int
record(struct ctx *ctx, const struct evcase *c, struct upload *ups,
    size_t n)
{
	struct event	 ev;
	struct dbrow	 row;
	char		 at[32];
	size_t		 i;
	int		 rc;

	time_sql(ctx->now, at, sizeof(at));
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return rc;
	if ((rc = db_one(ctx->db, c->lock, DBARGS(dbint(c->id)), &row)) != 1)
		goto fail;
	for (i = 0; i < n; i++) {
		rc = db_exec(ctx->db, SQL_EVIDENCE_INSERT, DBARGS(
		    dbstr(c->type), dbint(c->id), dbstr(ups[i].sha),
		    dbint((int64_t)ups[i].part->len), dbstr(ups[i].type->mime),
		    dbstr(ups[i].type->ext), dbstr(ups[i].filename), dbstr(at)));
		if (rc == DB_DUP) {
			ups[i].duplicate = 1;
			continue;
		}
		if (rc != DB_OK)
			goto fail;
		memset(&ev, 0, sizeof(ev));
		ev.case_type = c->type;
		ev.case_id = c->id;
		ev.action = "evidence_added";
		ev.public = true;
		ev.detail = pool_printf(ctx->pool, "{\"sha256\":\"%s\"}",
		    ups[i].sha);
		if ((rc = audit_append(ctx, &ev)) != DB_OK)
			goto fail;
	}
	return db_commit(ctx->db);
fail:
	db_rollback(ctx->db);
	return rc == 0 ? DB_ERR : rc;
}

static struct json_object *
uploads_json(const struct upload *ups, size_t n)
{
	struct json_object	*o = json_object_new_object();
	struct json_object	*a = json_object_new_array();
	size_t			 i;

	for (i = 0; i < n; i++) {
		struct json_object *f = json_object_new_object();

		json_object_object_add(f, "sha256",
		    json_object_new_string(ups[i].sha));
		json_object_object_add(f, "size",
		    json_object_new_int64((int64_t)ups[i].part->len));
		json_object_object_add(f, "type",
		    json_object_new_string(ups[i].type->mime));
		json_object_object_add(f, "filename",
		    json_object_new_string(ups[i].filename));
		json_object_object_add(f, "duplicate",
		    json_object_new_boolean(ups[i].duplicate));
		json_object_array_add(a, f);
	}
	json_object_object_add(o, "files", a);
	return o;
}

static bool
open_status(enum cstatus s)
{
	return s != ST_CLOSED && s != ST_WITHDRAWN && s != ST_MERGED &&
	    s != ST_REJECTED;
}

/* Parses, checks, stores and records the files of the request. */
static enum err
upload(struct ctx *ctx, struct req *req, struct resp *resp,
    const struct evcase *c)
{
	struct mp_part		 parts[MAX_FILES_PER_REQUEST + 2];
	struct upload		 ups[MAX_FILES_PER_REQUEST + 2];
	struct dbrow		 row;
	size_t			 nparts, nups, i;
	enum mp_err		 me;
	enum err		 e;
	int			 rc;

	if (!c->open) {
		resp->detail = L(ctx, "案件已结束，不能再补充证据。",
		    "The case has ended; no more evidence can be added.");
		return ERR_CONFLICT;
	}
	me = multipart_parse(req->ctype, req->body, req->bodylen, parts,
	    sizeof(parts) / sizeof(parts[0]), &nparts);
	if (me == MP_ERR_TOO_MANY) {
		verr_add(resp->errs, "file", "too_many", MAX_FILES_PER_REQUEST);
		return ERR_VALIDATION;
	}
	if (me != MP_OK) {
		resp->detail = problem_text(mp_strerror(me), ctx->lang);
		return ERR_MALFORMED;
	}
	memset(ups, 0, sizeof(ups));
	if ((e = check_parts(ctx, parts, nparts, ups, &nups, resp)) != ERR_OK)
		return e;
	if (nups > MAX_FILES_PER_REQUEST) {
		verr_add(resp->errs, "file", "too_many", MAX_FILES_PER_REQUEST);
		return ERR_VALIDATION;
	}
	rc = db_one(ctx->db, SQL_EVIDENCE_COUNT, DBARGS(dbstr(c->type),
	    dbint(c->id)), &row);
	if (rc < 0)
		return err_from_db(rc);
	if (row.c[0].i + (int64_t)nups > ctx->cfg->evidence_per_case) {
		verr_add(resp->errs, "file", "too_many_files",
		    ctx->cfg->evidence_per_case);
		return ERR_VALIDATION;
	}
	for (i = 0; i < nups; i++) {
		crypto_sha256_hex(ups[i].part->data, ups[i].part->len,
		    ups[i].sha);
		ups[i].filename = clean_name(ctx, &ups[i]);
		if (store_file(ctx, ups[i].sha, ups[i].part->data,
		    ups[i].part->len) == -1) {
			log_err(ctx->rid, "evidence: cannot store %s: %s",
			    ups[i].sha, strerror(errno));
			return ERR_UNAVAILABLE;
		}
	}
	if ((rc = record(ctx, c, ups, nups)) != DB_OK)
		return err_from_db(rc);
	log_info(ctx->rid, "%s %s: %zu evidence file(s)", c->type, c->no, nups);
	return resp_json(resp, 201, uploads_json(ups, nups));
}

/* POST /api/v1/complaints/{no}/evidence (multipart, X-Access-Code). */
enum err
h_evidence_upload(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct complaint	 c;
	struct evcase		 ec;
	enum err		 e;

	if ((resp->errs = pool_alloc(ctx->pool, sizeof(*resp->errs))) == NULL)
		return ERR_TOO_LARGE;
	if ((e = complaint_open_public(ctx, req, resp, &c)) != ERR_OK)
		return e;
	ec.type = "complaint";
	ec.id = c.id;
	ec.no = c.no;
	ec.open = open_status(c.status);
	ec.lock = SQL_COMPLAINT_LOCK;
	return upload(ctx, req, resp, &ec);
}

/* POST /api/v1/overseas-aid/{no}/evidence (multipart, X-Access-Code, or
 * the aid office). */
enum err
h_aid_evidence_upload(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct aid	 a;
	struct evcase	 ec;
	enum err	 e;

	if ((resp->errs = pool_alloc(ctx->pool, sizeof(*resp->errs))) == NULL)
		return ERR_TOO_LARGE;
	if (ctx->who.kind == P_STAFF && !auth_has(ctx, ROLE_AID_OFFICE))
		return ERR_FORBIDDEN;
	if ((e = aid_open(ctx, req, resp, &a)) != ERR_OK)
		return e;
	ec.type = "aid";
	ec.id = a.id;
	ec.no = a.no;
	ec.open = aid_is_open(a.status) || a.status == AS_CONCLUDED;
	ec.lock = SQL_AID_LOCK;
	return upload(ctx, req, resp, &ec);
}

/* RFC 5987 encoding of a UTF-8 file name for Content-Disposition. */
static char *
disposition(struct ctx *ctx, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	char	*out;
	size_t	 i, o = 0, n = strlen(name);

	if ((out = pool_alloc(ctx->pool, n * 3 + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)name[i];

		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || strchr("!#$&+-.^_`|~", ch))
			out[o++] = (char)ch;
		else {
			out[o++] = '%';
			out[o++] = hex[ch >> 4];
			out[o++] = hex[ch & 0xf];
		}
	}
	out[o] = '\0';
	return out;
}

/* Sends file {sha256} of the case. */
static enum err
download(struct ctx *ctx, struct req *req, struct resp *resp,
    const char *type, int64_t id)
{
	struct dbrow	 row;
	const char	*sha = req->params[1], *enc;
	int		 rc;

	if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
		return ERR_NOT_FOUND;
	rc = db_one(ctx->db, SQL_EVIDENCE_GET, DBARGS(dbstr(type), dbint(id),
	    dbstr(sha)), &row);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0)
		return ERR_NOT_FOUND;
	resp->status = 200;
	resp->ctype = pool_strdup(ctx->pool, row.c[2].s);
	enc = disposition(ctx, row.c[4].s);
	snprintf(resp->disposition, sizeof(resp->disposition),
	    "attachment; filename=\"evidence.%s\"; filename*=UTF-8''%.200s",
	    row.c[3].s, enc != NULL ? enc : "");
	if (ctx->cfg->evidence_accel)
		snprintf(resp->accel, sizeof(resp->accel),
		    "/_evidence/%.2s/%.2s/%s", sha, sha + 2, sha);
	resp->file = file_path(ctx, sha);
	return ERR_OK;
}

/* GET /api/v1/complaints/{no}/evidence/{sha256}: the submitter with
 * X-Access-Code, or staff who may see the case. */
enum err
h_evidence_get(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct complaint	 c;
	enum err		 e;
	int			 rc;

	if (ctx->who.kind != P_STAFF) {
		if ((e = complaint_open_public(ctx, req, resp, &c)) != ERR_OK)
			return e;
	} else {
		rc = complaint_load(ctx, complaint_param_no(ctx, req), &c);
		if (rc < 0)
			return err_from_db(rc);
		if (rc == 0 || !complaint_visible(ctx, &c))
			return ERR_NOT_FOUND;
	}
	return download(ctx, req, resp, "complaint", c.id);
}

/* GET /api/v1/overseas-aid/{no}/evidence/{sha256}. */
enum err
h_aid_evidence_get(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct aid	 a;
	enum err	 e;

	if ((e = aid_open(ctx, req, resp, &a)) != ERR_OK)
		return e;
	return download(ctx, req, resp, "aid", a.id);
}

struct json_object *
evidence_list_json(struct ctx *ctx, const char *type, int64_t id, int *rc)
{
	struct json_object	*a = json_object_new_array();
	struct dbrow		 row;
	int64_t			 ms;
	char			 t[40];

	*rc = db_query(ctx->db, SQL_EVIDENCE_OF, DBARGS(dbstr(type),
	    dbint(id)));
	if (*rc != DB_OK) {
		json_object_put(a);
		return NULL;
	}
	while ((*rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "sha256",
		    json_object_new_string(row.c[0].s));
		json_object_object_add(e, "size",
		    json_object_new_int64(row.c[1].i));
		json_object_object_add(e, "type",
		    json_object_new_string(row.c[2].s));
		json_object_object_add(e, "filename",
		    json_object_new_string(row.c[3].s));
		if (time_from_sql(row.c[4].s, &ms) == 0)
			json_object_object_add(e, "uploaded_at",
			    json_object_new_string(time_iso(ms, t, sizeof(t))));
		json_object_array_add(a, e);
	}
	db_end(ctx->db);
	if (*rc < 0) {
		json_object_put(a);
		return NULL;
	}
	*rc = DB_OK;
	return a;
}
