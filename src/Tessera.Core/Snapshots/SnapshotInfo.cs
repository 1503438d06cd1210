// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Snapshots;

/// <summary>A saved snapshot: its name, when it was saved and how many bytes it takes on disk.</summary>
public sealed record SnapshotInfo(string Name, DateTimeOffset CreatedAt, long SizeBytes);
