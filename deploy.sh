#!/usr/bin/env bash
# First start and upgrades of the production stack (seed 002 §5.2–5.3), in the seed's order:
# pull the image, start PostgreSQL and Redis, wait until the database answers, migrate, create the
# admin user when asked, start everything (web, workers, nginx).
#
#   ./deploy.sh                      # upgrade: pull, migrate, restart
#   ./deploy.sh --admin admin        # first start: also create the admin (password: ADMIN_PASSWORD or a prompt)
#   ./deploy.sh --no-pull            # use the images already here
#
# Settings: .env beside this script (copy .env.example). COMPOSE overrides the compose command
# (default: "docker compose", else "docker-compose"); DB_WAIT_SECONDS how long to wait for the database.
set -euo pipefail
cd "$(dirname "$0")"

FILE=docker-compose.prod.yml
ADMIN=""
PULL=1
while [ $# -gt 0 ]; do
  case "$1" in
    --admin) ADMIN="${2:?--admin needs a user name}"; shift 2 ;;
    --no-pull) PULL=0; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "deploy.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

fail() { echo "deploy.sh: $*" >&2; exit 1; }

[ -f .env ] || fail ".env is missing: copy .env.example to .env and fill it in"
# shellcheck disable=SC1091
set -a; . ./.env; set +a
[ -n "${SERVER_DOMAIN:-}" ] || fail "SERVER_DOMAIN is not set in .env (nginx serves it)"
[ -n "${POSTGRES_PASSWORD:-}" ] || fail "POSTGRES_PASSWORD is not set in .env"
secret="${JWT_SECRET:-}"
[ "${#secret}" -ge 32 ] || fail "JWT_SECRET in .env must be at least 32 characters"

if [ -z "${COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then COMPOSE="docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then COMPOSE="docker-compose"
  else fail "neither 'docker compose' nor 'docker-compose' is installed"; fi
fi
compose() { $COMPOSE -f "$FILE" "$@"; }

# The shared_media volume: reference voices go in resources/tts_references/.
mkdir -p shared_media/resources/tts_references

step() { echo "==> $*"; }
if [ "$PULL" = 1 ]; then step "pulling images"; compose pull; fi
step "starting the database and Redis"
compose up -d db redis

step "waiting for the database"
deadline=$((SECONDS + ${DB_WAIT_SECONDS:-90}))
until compose exec -T db pg_isready -U storyagent -d storyagent >/dev/null 2>&1; do
  [ "$SECONDS" -lt "$deadline" ] || fail "the database did not answer within ${DB_WAIT_SECONDS:-90} s (compose logs db)"
  sleep "${DB_WAIT_INTERVAL:-2}"
done

step "migrating"
compose run --rm --no-deps -T web storyagent migrate

if [ -n "$ADMIN" ]; then
  step "creating the admin user $ADMIN"
  if [ -z "${ADMIN_PASSWORD:-}" ]; then
    read -r -s -p "Password for $ADMIN: " ADMIN_PASSWORD; echo
  fi
  printf '%s\n' "$ADMIN_PASSWORD" | compose run --rm --no-deps -T web storyagent user create --username "$ADMIN" --admin --password-stdin
fi

step "starting web, workers and nginx"
compose up -d
echo "deploy.sh: done; https://$SERVER_DOMAIN/docs lists the API"
