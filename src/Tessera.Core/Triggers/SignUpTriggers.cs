// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Triggers;

/// <summary>What a PreSignUp function decided (all false without one).</summary>
public sealed record PreSignUpDecision(bool AutoConfirmUser, bool AutoVerifyEmail, bool AutoVerifyPhone)
{
    public static readonly PreSignUpDecision None = new(false, false, false);

    /// <summary>Confirms and verifies the (not yet stored) user as the function asked.</summary>
    public void ApplyTo(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (AutoConfirmUser)
        {
            user.Status = UserStatus.Confirmed;
        }

        if (AutoVerifyEmail)
        {
            user.SetAttribute("email_verified", "true");
        }

        if (AutoVerifyPhone)
        {
            user.SetAttribute("phone_number_verified", "true");
        }
    }
}

/// <summary>
/// PreSignUp (before the user is stored, so a failing function leaves no user behind) and PostConfirmation,
/// as in the Cognito developer guide's "Pre sign-up" and "Post confirmation" Lambda trigger pages.
/// </summary>
public sealed class SignUpTriggers(LambdaTriggers triggers)
{
    /// <summary>Runs PreSignUp for <c>source</c> <c>PreSignUp_SignUp</c>, <c>PreSignUp_AdminCreateUser</c> or <c>PreSignUp_ExternalProvider</c>.</summary>
    public async Task<PreSignUpDecision> PreSignUpAsync(
        UserPool pool, User user, string source, string? clientId,
        IReadOnlyDictionary<string, string>? validationData, IReadOnlyDictionary<string, string>? clientMetadata,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        if (!LambdaTriggers.Has(pool, TriggerNames.PreSignUp))
        {
            return PreSignUpDecision.None;
        }

        var request = new JsonObject
        {
            ["userAttributes"] = TriggerJson.Map(user.Attributes),
            ["validationData"] = validationData is null ? null : TriggerJson.Map(validationData),
            ["clientMetadata"] = TriggerJson.Map(clientMetadata),
        };
        var response = await triggers.InvokeAsync(pool, TriggerNames.PreSignUp, new TriggerContext(source, user.Username, clientId), request, cancellationToken).ConfigureAwait(false)
            ?? new JsonObject();
        var decision = new PreSignUpDecision(
            TriggerJson.Flag(response, "autoConfirmUser"), TriggerJson.Flag(response, "autoVerifyEmail"), TriggerJson.Flag(response, "autoVerifyPhone"));

        // Pre sign-up trigger page: verifying an attribute the user does not have is an error of the function's answer.
        if ((decision.AutoVerifyEmail && string.IsNullOrEmpty(user.GetAttribute("email")))
            || (decision.AutoVerifyPhone && string.IsNullOrEmpty(user.GetAttribute("phone_number"))))
        {
            throw TriggerErrors.InvalidResponse(TriggerNames.PreSignUp);
        }

        return decision;
    }

    /// <summary>Runs PostConfirmation for <c>source</c> <c>PostConfirmation_ConfirmSignUp</c> or <c>PostConfirmation_ConfirmForgotPassword</c>.</summary>
    public async Task PostConfirmationAsync(
        UserPool pool, User user, string source, string? clientId, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        if (!LambdaTriggers.Has(pool, TriggerNames.PostConfirmation))
        {
            return;
        }

        var request = new JsonObject
        {
            ["userAttributes"] = TriggerJson.UserAttributes(user),
            ["clientMetadata"] = TriggerJson.Map(clientMetadata),
        };
        await triggers.InvokeAsync(pool, TriggerNames.PostConfirmation, new TriggerContext(source, user.Username, clientId), request, cancellationToken).ConfigureAwait(false);
    }
}
