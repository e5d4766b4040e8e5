#!/usr/bin/env bash
# Rebuilds the IMS FHIR package from its FSH sources. Needs Node.js/npm (SUSHI) and Maven; the
# normal build and CI do NOT run this: they only check (PackageUpToDateTest) that the committed
# package matches what this script produced. Run it after editing input/fsh/ or sushi-config.yaml,
# then commit input/fsh, fsh-sources.sha256 and src/main/resources/package together.
#
#   profiles/regenerate.sh            (SUSHI via npx, fsh-sushi pinned below)
#   SUSHI=/path/to/sushi profiles/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")"
SUSHI_VERSION=3.21.0
CORE="${HOME}/.fhir/packages/hl7.fhir.r4.core#4.0.1/package"

# 1. SUSHI cannot download hl7.fhir.r4.core here: export it from the HAPI jar (once).
if [ ! -f "${CORE}/package.json" ]; then
  mvn -B -q -f ../pom.xml -pl profiles test-compile exec:java \
    -Dexec.mainClass=org.imsfhir.profiles.build.CorePackageExporter -Dexec.classpathScope=test
fi

# 2. FSH -> differential-only JSON in fsh-generated/resources (offline; SUSHI warns that it cannot
#    load its automatically-provided packages hl7.fhir.uv.tools / hl7.terminology / extensions: harmless).
rm -rf fsh-generated
if [ -n "${SUSHI:-}" ]; then
  "${SUSHI}" build .
else
  npx --yes -p "fsh-sushi@${SUSHI_VERSION}" sushi build .
fi

# 3. Snapshots (HAPI), package folder, .index.json files, fsh-sources.sha256.
mvn -B -q -f ../pom.xml -pl profiles test-compile exec:java \
  -Dexec.mainClass=org.imsfhir.profiles.build.PackageAssembler -Dexec.classpathScope=test \
  -Dexec.args="$(pwd)"
