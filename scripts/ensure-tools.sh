#!/usr/bin/env bash
# Ensures redis-server, redis-cli and redis-benchmark are available (used as the
# reference implementation by the compatibility tests and the bench harness).
# Installs the Debian packages redis-server and redis-tools via apt-get when any
# is missing. When CI is set, a tool that is still missing is a hard error;
# otherwise we warn and carry on (tests that need them skip).
set -euo pipefail

tools=(redis-server redis-cli redis-benchmark)

missing() {
	local t out=()
	for t in "${tools[@]}"; do
		command -v "$t" >/dev/null 2>&1 || out+=("$t")
	done
	echo "${out[*]:-}"
}

m="$(missing)"
if [[ -z "$m" ]]; then
	echo "ensure-tools: found $(redis-server --version | awk '{print $1, $2, $3}')"
	exit 0
fi

echo "ensure-tools: missing: $m; installing redis-server redis-tools"

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo -n)
	else
		echo "ensure-tools: not root and no sudo; cannot install" >&2
	fi
fi

if command -v apt-get >/dev/null 2>&1 && { [[ "$(id -u)" -eq 0 ]] || [[ ${#SUDO[@]} -gt 0 ]]; }; then
	export DEBIAN_FRONTEND=noninteractive
	apt_install() {
		"${SUDO[@]}" apt-get install -y -q --no-install-recommends redis-server redis-tools </dev/null
	}
	if ! apt_install; then
		echo "ensure-tools: install failed; running apt-get update and retrying"
		"${SUDO[@]}" apt-get update -q </dev/null || true
		apt_install || true
	fi
else
	echo "ensure-tools: apt-get unavailable or no privileges; skipping install" >&2
fi

m="$(missing)"
if [[ -n "$m" ]]; then
	if [[ -n "${CI:-}" ]]; then
		echo "ensure-tools: ERROR: still missing after install: $m" >&2
		exit 1
	fi
	echo "ensure-tools: WARNING: still missing: $m (tests that need them will skip)" >&2
	exit 0
fi
echo "ensure-tools: installed $(redis-server --version | awk '{print $1, $2, $3}')"
