// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;

namespace Tessera.Core.Auth.Custom;

/// <summary>One entry of the trigger events' <c>session</c> array, in the order the challenges were presented.</summary>
public sealed record ChallengeResult(
    [property: JsonPropertyName("challengeName")] string ChallengeName,
    [property: JsonPropertyName("challengeResult")] bool Result,
    [property: JsonPropertyName("challengeMetadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Metadata = null);

/// <summary>
/// What a custom-auth Session carries between calls, sealed inside it: the challenges so far, the private
/// challenge parameters of the open challenge (never shown to the client), the name the caller gave (for a user
/// that does not exist) and the one-time nonce that makes the Session single-use.
/// </summary>
public sealed record CustomAuthState(
    [property: JsonPropertyName("h")] IReadOnlyList<ChallengeResult> History,
    [property: JsonPropertyName("p")] IReadOnlyDictionary<string, string>? PrivateParameters,
    [property: JsonPropertyName("m")] string? Metadata,
    [property: JsonPropertyName("u")] string Username,
    [property: JsonPropertyName("k")] string? Nonce);

[JsonSerializable(typeof(CustomAuthState))]
[JsonSerializable(typeof(ChallengeResult[]))]
internal sealed partial class CustomAuthJsonContext : JsonSerializerContext;
