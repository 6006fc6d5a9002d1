# Installs what the project needs, only when missing, quietly when all is there.
# Debian bookworm packages (apt) and npm packages for the web UI; nothing else is downloaded.

# Packages to build and run the server. cairo, pango and qpdf stamp the reports' PDFs, whose
# Chinese text is set in Noto Sans CJK (fonts-noto-cjk, read at run time and embedded).
LW_BUILD_PACKAGES=(build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libssl-dev libsodium-dev libtomlplusplus-dev libqrencode-dev
  libexiv2-dev libjpeg62-turbo-dev libcairo2-dev libpango1.0-dev libqpdf-dev fonts-noto-cjk)
# Packages the test suite adds: GoogleTest, a PostgreSQL server, a browser, and the PDF and
# QR readers that check the label sheets and the stamped reports (poppler-data: the CJK CMaps,
# only recommended), and exiftool, the reference the photo metadata is checked against.
LW_TEST_PACKAGES=(libgtest-dev libgmock-dev postgresql chromium curl clang-format
  poppler-utils poppler-data zbar-tools libimage-exiftool-perl)

lw_sudo() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_packages PKG…: apt-get installs those not yet installed.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "labwatch: installing ${missing[*]}" >&2
  lw_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  lw_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_npm DIR: installs the locked versions when node_modules is missing or older than the
# lock file. `npm install --no-save` rather than `npm ci`: npm 11's ci refuses a lock that
# lists only this platform's optional packages (rollup's), install honours it unchanged.
ensure_npm() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "labwatch: npm install in $dir" >&2
    (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

# build_web: the SPA into web/dist, rebuilt when a source is newer than the last build.
build_web() {
  ensure_npm web
  if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/package.json web/vite.config.ts -newer web/dist/index.html 2>/dev/null | head -1)" ]; then
    echo "labwatch: building the web pages" >&2
    (cd web && npm run build --silent >/dev/null)
  fi
}

# build_server PRESET [TARGET…]: configure once, then build the targets (all by default; ccache
# keeps rebuilds cheap). The log is in /tmp/labwatch-build-PRESET.log; a failure prints its end.
build_server() {
  local preset=$1
  shift
  local targets=("${@:-all}")
  [ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
  if ! cmake --build --preset "$preset" -j"$(nproc)" --target "${targets[@]}" >"/tmp/labwatch-build-$preset.log" 2>&1; then
    grep -vE '^\[[0-9]+/[0-9]+\]' "/tmp/labwatch-build-$preset.log" | tail -50 >&2
    echo "labwatch: the $preset build failed (log: /tmp/labwatch-build-$preset.log)" >&2
    return 1
  fi
}
