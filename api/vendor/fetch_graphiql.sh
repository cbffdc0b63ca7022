#!/usr/bin/env bash
# Vendor GraphiQL and React for the development GraphiQL page (Liaison serves no asset from a CDN).
# Re-run after changing a pinned version; the copied files are committed.
set -euo pipefail

GRAPHIQL_VERSION=3.8.3 # the last major with a UMD build
REACT_VERSION=18.3.1   # GraphiQL 3 needs React 16.8-18; 18 is the last with UMD builds

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/../static/api/graphiql"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() { # unpack <package> <version> -> $work/<package>/package
    mkdir -p "$work/$1"
    (cd "$work/$1" && npm pack --silent "$1@$2" >/dev/null && tar -xzf ./*.tgz)
}

unpack graphiql "$GRAPHIQL_VERSION"
unpack react "$REACT_VERSION"
unpack react-dom "$REACT_VERSION"

mkdir -p "$target"
cp "$work/graphiql/package/graphiql.min.js" "$work/graphiql/package/graphiql.min.css" "$target/"
cp "$work/react/package/umd/react.production.min.js" "$target/"
cp "$work/react-dom/package/umd/react-dom.production.min.js" "$target/"
cp "$work/graphiql/package/LICENSE" "$target/LICENSE.graphiql"
cp "$work/react/package/LICENSE" "$target/LICENSE.react"
cp "$work/react-dom/package/LICENSE" "$target/LICENSE.react-dom"
echo "Vendored graphiql $GRAPHIQL_VERSION, react and react-dom $REACT_VERSION into api/static/api/graphiql"
