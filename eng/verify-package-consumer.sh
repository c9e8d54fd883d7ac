#!/usr/bin/env bash
# Proves that an application consuming the Microsoft.ML.Gan NuGet package gets the buildTransitive
# libLibTorchSharp.so GLIBCXX patch: packs the library into a temporary local feed (checking its version
# and package README), then builds and runs a temporary console app that references the package and
# calls torch.randn.
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

work="$(mktemp -d "${TMPDIR:-/tmp}/ganml-consumer.XXXXXX")"
cleanup() {
  # The app's bin/*/cpu folder (TorchSharp's ~500 MB fallback copy after a failed load) lives under $work too.
  rm -rf "$work" "$global_packages/microsoft.ml.gan/$package_version"
  rmdir "$global_packages/microsoft.ml.gan" 2>/dev/null || true
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

echo "== Packing Microsoft.ML.Gan $package_version (TorchSharp $torchsharp_version, Microsoft.ML $mlnet_version)"
dotnet pack "$repo_root/src/Microsoft.ML.Gan/Microsoft.ML.Gan.csproj" -c Release -o "$feed" \
  -p:Version="$package_version" -nologo -v:q
nupkg="$feed/Microsoft.ML.Gan.$package_version.nupkg"
for entry in buildTransitive/Microsoft.ML.Gan.targets buildTransitive/LibTorchSharpGlibcxxPatch.cs; do
  if ! unzip -Z1 "$nupkg" | grep -qx "$entry"; then
    echo "error: $entry is missing from $nupkg" >&2
    exit 1
  fi
done
echo "package contains buildTransitive/Microsoft.ML.Gan.targets and its task source"
# The package README (PackageReadmeFile) and the version asked for.
if ! unzip -Z1 "$nupkg" | grep -qx PACKAGE.md || ! unzip -p "$nupkg" Microsoft.ML.Gan.nuspec | grep -q "<readme>PACKAGE.md</readme>"; then
  echo "error: $nupkg has no package README (PACKAGE.md)" >&2
  exit 1
fi
if ! unzip -p "$nupkg" Microsoft.ML.Gan.nuspec | grep -q "<version>$package_version</version>"; then
  echo "error: $nupkg does not declare version $package_version" >&2
  exit 1
fi
echo "package declares version $package_version and carries its README"

cat > "$app/app.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.ML.Gan" Version="$package_version" />
    <PackageReference Include="TorchSharp" Version="$torchsharp_version" />
    <PackageReference Include="Microsoft.ML" Version="$mlnet_version" />
    <PackageReference Include="libtorch-cpu-linux-x64" Version="$libtorch_version" />
  </ItemGroup>
</Project>
EOF
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
