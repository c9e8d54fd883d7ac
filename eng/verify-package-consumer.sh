#!/usr/bin/env bash
# Proves that an application consuming the Microsoft.ML.Gan NuGet package gets the buildTransitive
# libLibTorchSharp.so GLIBCXX patch and nothing of imaging or ONNX Runtime (issue 16): packs every packable
# project into a temporary local feed (checking versions, package READMEs and the core's dependencies), then
# builds and runs a temporary console app that references only Microsoft.ML.Gan and calls torch.randn, and
# checks that its package closure is exactly that of TorchSharp and Microsoft.ML plus the core: no ImageAnalytics,
# OnnxTransformer, ONNX Runtime or OxyPlot (SkiaSharp and Google.Protobuf come from TorchSharp itself).
# Usage: eng/verify-package-consumer.sh        (Linux; needs the dotnet SDK only)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
props="$repo_root/Directory.Packages.props"

version_of() {
  local version
  version="$(sed -n "s/.*<PackageVersion Include=\"$1\" Version=\"\([^\"]*\)\".*/\1/p" "$props")"
  if [[ -z "$version" ]]; then
    echo "error: no PackageVersion for $1 in $props" >&2
    exit 1
  fi
  echo "$version"
}

torchsharp_version="$(version_of TorchSharp)"
mlnet_version="$(version_of Microsoft.ML)"
libtorch_version="$(version_of libtorch-cpu-linux-x64)"
# A unique version, so the global packages folder can never serve a stale copy of the package.
package_version="0.0.0-consumer.$(date +%Y%m%d%H%M%S).$$"

global_packages="${NUGET_PACKAGES:-}"
if [[ -z "$global_packages" ]]; then
  global_packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
fi
global_packages="${global_packages%/}"
cached_native="$global_packages/torchsharp/$torchsharp_version/runtimes/linux-x64/native/libLibTorchSharp.so"

# Every packable project under src/ (the core and its sibling packages); the package ID is the project name.
packable=()
package_ids=()
for project in "$repo_root"/src/*/*.csproj; do
  if grep -q "<IsPackable>true</IsPackable>" "$project"; then
    packable+=("$project")
    package_ids+=("$(basename "$project" .csproj)")
  fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/ganml-consumer.XXXXXX")"
cleanup() {
  # The app's bin/*/cpu folder (TorchSharp's ~500 MB fallback copy after a failed load) lives under $work too.
  rm -rf "$work"
  for id in "${package_ids[@]}"; do
    id="${id,,}"
    rm -rf "${global_packages:?}/$id/$package_version"
    rmdir "$global_packages/$id" 2>/dev/null || true
  done
}
trap cleanup EXIT

feed="$work/feed"
app="$work/app"
mkdir -p "$feed" "$app"

# Keep the repository's (and any parent directory's) MSBuild and NuGet settings away from the app.
echo '<Project />' > "$work/Directory.Build.props"
echo '<Project />' > "$work/Directory.Build.targets"
cat > "$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
EOF

echo "== Packing ${package_ids[*]} $package_version (TorchSharp $torchsharp_version, Microsoft.ML $mlnet_version)"
for project in "${packable[@]}"; do
  dotnet pack "$project" -c Release -o "$feed" -p:Version="$package_version" -nologo -v:q
done
nupkg="$feed/Microsoft.ML.Gan.$package_version.nupkg"
for entry in buildTransitive/Microsoft.ML.Gan.targets buildTransitive/LibTorchSharpGlibcxxPatch.cs; do
  if ! unzip -Z1 "$nupkg" | grep -qx "$entry"; then
    echo "error: $entry is missing from $nupkg" >&2
    exit 1
  fi
done
echo "package contains buildTransitive/Microsoft.ML.Gan.targets and its task source"
# The package README (PackageReadmeFile) and the version asked for.
for id in "${package_ids[@]}"; do
  package="$feed/$id.$package_version.nupkg"
  if ! unzip -Z1 "$package" | grep -qx PACKAGE.md || ! unzip -p "$package" "$id.nuspec" | grep -q "<readme>PACKAGE.md</readme>"; then
    echo "error: $package has no package README (PACKAGE.md)" >&2
    exit 1
  fi
  if ! unzip -p "$package" "$id.nuspec" | grep -q "<version>$package_version</version>"; then
    echo "error: $package does not declare version $package_version" >&2
    exit 1
  fi
  # The siblings depend on the core of the same version.
  if [[ "$id" != Microsoft.ML.Gan ]] && ! unzip -p "$package" "$id.nuspec" | grep -q "<dependency id=\"Microsoft.ML.Gan\" version=\"\[\?$package_version"; then
    echo "error: $package does not depend on Microsoft.ML.Gan $package_version" >&2
    exit 1
  fi
done
echo "packages ${package_ids[*]} declare version $package_version and carry their READMEs"
# The core's own dependencies: Microsoft.ML and TorchSharp, nothing else.
core_dependencies="$(unzip -p "$nupkg" Microsoft.ML.Gan.nuspec | sed -n 's/.*<dependency id="\([^"]*\)".*/\1/p' | sort -u | tr '\n' ' ')"
if [[ "$core_dependencies" != "Microsoft.ML TorchSharp " ]]; then
  echo "error: Microsoft.ML.Gan depends on: $core_dependencies(expected Microsoft.ML and TorchSharp only)" >&2
  exit 1
fi
echo "Microsoft.ML.Gan depends on: $core_dependencies"

# A console app on TorchSharp, Microsoft.ML and libtorch, with the package references given as $2 besides.
write_app_project() {
  cat > "$1" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
$2    <PackageReference Include="TorchSharp" Version="$torchsharp_version" />
    <PackageReference Include="Microsoft.ML" Version="$mlnet_version" />
    <PackageReference Include="libtorch-cpu-linux-x64" Version="$libtorch_version" />
  </ItemGroup>
</Project>
EOF
}
write_app_project "$app/app.csproj" "    <PackageReference Include=\"Microsoft.ML.Gan\" Version=\"$package_version\" />
"
cat > "$app/Program.cs" <<'EOF'
using System;
using TorchSharp;

using var generator = new torch.Generator(7);
using var sample = torch.randn(new long[] { 4 }, generator: generator);
float sum = sample.sum().item<float>();
Console.WriteLine($"torch.randn(4).sum() = {sum}");
return float.IsFinite(sum) ? 0 : 1;
EOF

cache_hash_before="$(sha256sum "$cached_native" | cut -d' ' -f1)"

echo "== Building the consumer app"
if ! dotnet build "$app/app.csproj" -nologo -v:n > "$work/build.log"; then
  grep -E "error|warning" "$work/build.log" >&2 || cat "$work/build.log" >&2
  echo "error: the consumer app did not build" >&2
  exit 1
fi
# The package closure of an app that references only the core (issue 16). TorchSharp itself depends on SkiaSharp and
# Google.Protobuf, so those names alone prove nothing: the closure must be exactly that of an app referencing the
# core's two dependencies (TorchSharp and Microsoft.ML), same versions, plus Microsoft.ML.Gan, and hold none of the
# packages that only imaging and ONNX evaluation need.
libraries() {
  # The "libraries" section of project.assets.json: one "Name/Version": { per package, four spaces in.
  sed -n 's/^    "\([^"]*\/[^"]*\)": {$/\1/p' "$1" | sort -u
}
baseline="$work/baseline"
mkdir -p "$baseline"
write_app_project "$baseline/baseline.csproj" ""
if ! dotnet restore "$baseline/baseline.csproj" -nologo -v:q > "$work/baseline-restore.log"; then
  cat "$work/baseline-restore.log" >&2
  echo "error: the baseline app (TorchSharp and Microsoft.ML only) did not restore" >&2
  exit 1
fi
closure="$(libraries "$app/obj/project.assets.json")"
reference="$(libraries "$baseline/obj/project.assets.json")"
extra="$(comm -23 <(echo "$closure") <(echo "$reference"))"
missing="$(comm -13 <(echo "$closure") <(echo "$reference"))"
if [[ "$extra" != "Microsoft.ML.Gan/$package_version" || -n "$missing" ]]; then
  echo "error: an app referencing only Microsoft.ML.Gan has packages beyond TorchSharp's and Microsoft.ML's closure:" >&2
  echo "${extra:-(none)}" >&2
  [[ -z "$missing" ]] || echo "and lacks, or has at another version: $missing" >&2
  exit 1
fi
for name in Microsoft.ML.ImageAnalytics Microsoft.ML.OnnxTransformer Microsoft.ML.OnnxRuntime OxyPlot SkiaSharp.HarfBuzz SkiaSharp.NativeAssets.Linux; do
  if grep -qi "^$name" <<< "$closure"; then
    echo "error: the closure holds $(grep -i "^$name" <<< "$closure" | tr '\n' ' ')" >&2
    exit 1
  fi
done
echo "closure of an app referencing only Microsoft.ML.Gan: $(wc -l <<< "$closure") packages, exactly those of TorchSharp and Microsoft.ML plus Microsoft.ML.Gan"
echo "  none of ImageAnalytics, OnnxTransformer, OnnxRuntime, OxyPlot, SkiaSharp.HarfBuzz, SkiaSharp's Linux natives"
echo "  TorchSharp's own dependencies: $(grep -iE '^(SkiaSharp|Google\.Protobuf)' <<< "$closure" | tr '\n' ' ')"

# The patch logs one line at normal verbosity, and only when the system libstdc++ lacks GLIBCXX_3.4.32.
grep -E "GanML:" "$work/build.log" || echo "(no patch needed: the system libstdc++ defines GLIBCXX_3.4.32)"

echo "== Running the consumer app"
dotnet run --project "$app/app.csproj" --no-build

echo "== Building again (must not patch twice)"
dotnet build "$app/app.csproj" -nologo -v:n > "$work/rebuild.log"
if grep -q "GanML: marked" "$work/rebuild.log"; then
  echo "error: the second build patched libLibTorchSharp.so again" >&2
  exit 1
fi
dotnet run --project "$app/app.csproj" --no-build

if [[ "$(sha256sum "$cached_native" | cut -d' ' -f1)" != "$cache_hash_before" ]]; then
  echo "error: the NuGet cache copy $cached_native changed" >&2
  exit 1
fi
echo "NuGet cache copy unchanged: $cached_native"
echo "OK: a package consumer builds and runs TorchSharp"
