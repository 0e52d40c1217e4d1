# Shared set-up steps for demo.sh and test.sh (sourced, not run).

setup_venv() {
  if [ ! -x .venv/bin/python ]; then
    python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
  fi
  local stamp=.venv/.derek-installed
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/pip install -q --upgrade pip
    .venv/bin/pip install -q -e ".[dev,ray]"
    touch "$stamp"
  fi
}

setup_debian() {
  # Installs the named Debian packages when their commands are absent.
  local need=()
  for pkg in "$@"; do
    case "$pkg" in
      postgresql) ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql) ;;
      chromium) command -v chromium >/dev/null 2>&1 || need+=(chromium) ;;
      chromium-driver) command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver) ;;
      *) dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg") ;;
    esac
  done
  if [ ${#need[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

start_postgres() {
  # A throw-away PostgreSQL cluster for the store tests, on a private port; exports DEREK_TEST_PG.
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] || { echo "PostgreSQL not installed; store tests will skip it" >&2; return 0; }
  local dir=${DEREK_PG_DIR:-/tmp/derek-pg}
  local port=${DEREK_PG_PORT:-55432}
  local user=postgres
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$dir"; chown postgres:postgres "$dir"
    run_pg() { su postgres -s /bin/bash -c "$*"; }
  else
    mkdir -p "$dir"; user=$(id -un)
    run_pg() { bash -c "$*"; }
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    run_pg "$bin/initdb -D $dir/data -U $user -A trust >/dev/null"
  fi
  DEREK_PG_STARTED=""
  if ! run_pg "$bin/pg_ctl -D $dir/data status" >/dev/null 2>&1; then
    run_pg "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l $dir/log -w start" >/dev/null
    DEREK_PG_STARTED=1  # stop_postgres stops only a server this shell started
  fi
  DEREK_PG_CTL="$bin/pg_ctl -D $dir/data"
  run_pg "$bin/psql -h 127.0.0.1 -p $port -U $user -d postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='derek_test'\"" | grep -q 1 \
    || run_pg "$bin/createdb -h 127.0.0.1 -p $port -U $user derek_test"
  export DEREK_TEST_PG="postgresql+psycopg://$user@127.0.0.1:$port/derek_test"
}

stop_postgres() {
  # Stops the server start_postgres started (one already running is left as it was, and said so).
  [ -n "${DEREK_PG_CTL:-}" ] || return 0
  if [ -n "${DEREK_PG_STARTED:-}" ]; then
    run_pg "$DEREK_PG_CTL -m fast -w stop" >/dev/null && echo "stopped the test PostgreSQL server" >&2
  else
    local how="$DEREK_PG_CTL stop"
    [ "$(id -u)" -eq 0 ] && how="su postgres -s /bin/bash -c '$DEREK_PG_CTL stop'"
    echo "left the PostgreSQL server that was already running; stop it with: $how" >&2
  fi
}
