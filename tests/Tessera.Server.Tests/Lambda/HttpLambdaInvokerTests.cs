// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tessera.Core;
using Tessera.Core.Errors;
using Tessera.Server.Lambda;
using Tessera.Server.SigV4;
using Tessera.Tests.Streams;

namespace Tessera.Server.Tests.Lambda;

/// <summary>The Lambda Invoke call Tessera makes for a trigger, and how each kind of failure becomes Cognito's error.</summary>
public sealed class HttpLambdaInvokerTests
{
    private const string Arn = "arn:aws:lambda:eu-west-1:123456789012:function:triggers-dev-preSignUp";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task InvokeAsync_Arn_PostsToTheFunctionNameSignedForItsRegion()
    {
        var handler = new Handler(_ => Json("""{"response":{"autoConfirmUser":true}}"""));
        var invoker = Invoker(handler, new LambdaOptions { Endpoint = new Uri("http://localhost:3002"), AccessKeyId = "AKID", SecretAccessKey = "secret" });

        var answer = await invoker.InvokeAsync(Arn, "PreSignUp", new JsonObject { ["version"] = "1" }, CancellationToken.None);

        answer["response"]!["autoConfirmUser"]!.GetValue<bool>().ShouldBeTrue();
        var sent = handler.Requests.ShouldHaveSingleItem();
        sent.Method.ShouldBe(HttpMethod.Post);
        sent.RequestUri!.AbsolutePath.ShouldBe("/2015-03-31/functions/triggers-dev-preSignUp/invocations");
        sent.Headers.GetValues("X-Amz-Invocation-Type").Single().ShouldBe("RequestResponse");
        handler.Bodies.Single().ShouldBe("""{"version":"1"}""");

        var authorization = SigV4Verifier.ParseAuthorization(sent.Headers.GetValues("Authorization").Single())!;
        authorization.Service.ShouldBe("lambda");
        authorization.Region.ShouldBe("eu-west-1");
        authorization.Date.ShouldBe("20261126");
        authorization.AccessKeyId.ShouldBe("AKID");
        var headers = authorization.SignedHeaders.Select(h => new KeyValuePair<string, string>(h, h switch
        {
            "host" => sent.Headers.Host!,
            "content-type" => sent.Content!.Headers.ContentType!.ToString(),
            _ => sent.Headers.GetValues(h).Single(),
        })).ToList();
        var request = new SigV4Request("POST", sent.RequestUri.AbsolutePath, sent.RequestUri.Query, headers, Encoding.UTF8.GetBytes(handler.Bodies.Single()));
        SigV4Verifier.ExpectedSignature(request, authorization, "secret").ShouldBe(authorization.Signature);
    }

    [Fact]
    public async Task InvokeAsync_NoCredentials_SendsUnsigned()
    {
        var handler = new Handler(_ => Json("{}"));
        await Invoker(handler, new LambdaOptions { Endpoint = new Uri("http://localhost:3002") }).InvokeAsync("plain-name", "PreSignUp", [], CancellationToken.None);

        handler.Requests.Single().Headers.Contains("Authorization").ShouldBeFalse();
        handler.Requests.Single().RequestUri!.AbsolutePath.ShouldBe("/2015-03-31/functions/plain-name/invocations");
    }

    [Fact]
    public async Task InvokeAsync_QualifiedArn_SendsTheQualifier()
    {
        var handler = new Handler(_ => Json("{}"));
        await Invoker(handler, new LambdaOptions { Endpoint = new Uri("http://localhost:3002") }).InvokeAsync(Arn + ":live", "PreSignUp", [], CancellationToken.None);

        handler.Requests.Single().RequestUri!.Query.ShouldBe("?Qualifier=live");
    }

    [Fact]
    public async Task InvokeAsync_FunctionError_ThrowsUserLambdaValidationWithItsMessage()
    {
        var handler = new Handler(_ =>
        {
            var response = Json("""{"errorMessage":"Domain not allowed","errorType":"Error","trace":[]}""");
            response.Headers.Add("X-Amz-Function-Error", "Unhandled");
            return response;
        });

        var error = await Should.ThrowAsync<CognitoException>(() => Invoker(handler).InvokeAsync(Arn, "PreSignUp", [], CancellationToken.None));

        error.Code.ShouldBe("UserLambdaValidationException");
        error.Message.ShouldBe("PreSignUp failed with error Domain not allowed.");
    }

    [Theory]
    [InlineData("this is \"not json")]
    [InlineData("\"a string\"")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task InvokeAsync_AnswerNotAJsonObject_ThrowsInvalidLambdaResponse(string body)
    {
        var error = await Should.ThrowAsync<CognitoException>(() => Invoker(new Handler(_ => Json(body))).InvokeAsync(Arn, "CustomMessage", [], CancellationToken.None));

        error.Code.ShouldBe("InvalidLambdaResponseException");
    }

    [Theory]
    [InlineData("""{"response":{"claimsOverrideDetails":{"claimsToAddOrOverride":{"x":"\ud800"}}}}""")]
    [InlineData("""{"response":{"\udc00":true}}""")]
    public async Task InvokeAsync_AnswerWithALoneSurrogateEscape_ThrowsInvalidLambdaResponse(string body)
    {
        var error = await Should.ThrowAsync<CognitoException>(() => Invoker(new Handler(_ => Json(body))).InvokeAsync(Arn, "PreTokenGeneration", [], CancellationToken.None));

        error.Code.ShouldBe("InvalidLambdaResponseException");
    }

    [Fact]
    public async Task InvokeAsync_AnswerLargerThanLambdasPayloadLimit_ThrowsInvalidLambdaResponseWithoutReadingItAll()
    {
        // A well-formed event, just too large: more than a real function can answer (6 MB).
        var large = new GeneratedStream(Encoding.UTF8.GetBytes("{\"response\":{\"x\":\""), (byte)'a', Encoding.UTF8.GetBytes("\"}}"), 64L * 1024 * 1024);
        var handler = new Handler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(large) });

        var error = await Should.ThrowAsync<CognitoException>(() => Invoker(handler).InvokeAsync(Arn, "PreTokenGeneration", [], CancellationToken.None));

        error.Code.ShouldBe("InvalidLambdaResponseException");
        large.Served.ShouldBeLessThan(HttpLambdaInvoker.MaxAnswerBytes + (1024 * 1024));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task InvokeAsync_LambdaRefuses_ThrowsUnexpectedLambda(HttpStatusCode status)
    {
        var error = await Should.ThrowAsync<CognitoException>(() =>
            Invoker(new Handler(_ => new HttpResponseMessage(status))).InvokeAsync(Arn, "PreSignUp", [], CancellationToken.None));

        error.Code.ShouldBe("UnexpectedLambdaException");
    }

    [Fact]
    public async Task InvokeAsync_ConnectionRefused_ThrowsUnexpectedLambda()
    {
        var error = await Should.ThrowAsync<CognitoException>(() =>
            Invoker(new Handler((CancellationToken _) => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused")))).InvokeAsync(Arn, "PreSignUp", [], CancellationToken.None));

        error.Code.ShouldBe("UnexpectedLambdaException");
    }

    [Fact]
    public async Task InvokeAsync_SlowerThanTheTimeout_ThrowsUnexpectedLambda()
    {
        var handler = new Handler(async cancellationToken =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return Json("{}");
        });
        var invoker = Invoker(handler, new LambdaOptions { Endpoint = new Uri("http://localhost:3002"), Timeout = TimeSpan.FromMilliseconds(200) });

        var error = await Should.ThrowAsync<CognitoException>(() => invoker.InvokeAsync(Arn, "PreSignUp", [], CancellationToken.None));

        error.Code.ShouldBe("UnexpectedLambdaException");
        error.Message.ShouldContain("timeout");
    }

    [Fact]
    public async Task InvokeAsync_NoEndpoint_ThrowsUnexpectedLambdaWithoutCalling()
    {
        var handler = new Handler(_ => Json("{}"));

        var error = await Should.ThrowAsync<CognitoException>(() => Invoker(handler, new LambdaOptions()).InvokeAsync(Arn, "PreSignUp", [], CancellationToken.None));

        error.Code.ShouldBe("UnexpectedLambdaException");
        handler.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("ftp://lambda.local", false)]
    [InlineData("http://localhost:3002", true)]
    public void Validate_Endpoint_MustBeHttp(string endpoint, bool valid)
        => new LambdaOptionsValidation().Validate(null, new LambdaOptions { Endpoint = new Uri(endpoint) }).Succeeded.ShouldBe(valid);

    [Fact]
    public void Validate_KeyWithoutSecret_Fails()
        => new LambdaOptionsValidation().Validate(null, new LambdaOptions { AccessKeyId = "AKID" }).Failed.ShouldBeTrue();

    private HttpLambdaInvoker Invoker(Handler handler, LambdaOptions? options = null)
        => new(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan },
            Options.Create(options ?? new LambdaOptions { Endpoint = new Uri("http://localhost:3002") }),
            Options.Create(new TesseraOptions()), time, NullLogger<HttpLambdaInvoker>.Instance);

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class Handler(Func<CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public Handler(Func<object?, HttpResponseMessage> answer)
            : this(_ => Task.FromResult(answer(null)))
        {
        }

        public List<HttpRequestMessage> Requests { get; } = [];

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            Bodies.Add(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
            return await answer(cancellationToken);
        }
    }
}
