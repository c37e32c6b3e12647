using Xunit.Abstractions;
using Xunit.Sdk;

namespace DigiHelsestasjon.Testing;

/// <summary>On a test class that runs a shared test set against SQL Server (<c>XOnSqlServer : XTests&lt;SqlServerOverHttp&gt;</c>):
/// without a server named in <see cref="SqlServerTests.Variable"/>, each of its tests is reported as skipped with the
/// reason. xunit 2 cannot skip an inherited <c>[Fact]</c> per derived class, so <see cref="PlatformTestFramework"/> does it
/// at discovery.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NeedsSqlServerAttribute : Attribute;

/// <summary>xunit's own framework, except that tests of a <see cref="NeedsSqlServerAttribute"/> class are discovered as
/// skipped when no SQL Server is named. A test assembly opts in with
/// <c>[assembly: TestFramework("DigiHelsestasjon.Testing.PlatformTestFramework", "DigiHelsestasjon.Testing")]</c>.</summary>
public sealed class PlatformTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    protected override ITestFrameworkExecutor CreateExecutor(System.Reflection.AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(System.Reflection.AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        // "Run all" discovers again: with the same rule.
        protected override ITestFrameworkDiscoverer CreateDiscoverer() => new Discoverer(AssemblyInfo, SourceInformationProvider, DiagnosticMessageSink);
    }

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (SqlServerTests.Named is not null || !testMethod.TestClass.Class.GetCustomAttributes(typeof(NeedsSqlServerAttribute)).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            using var skipping = new SkippingBus(messageBus, testCase => testCase.SkipReason is not null ? testCase : new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testCase.TestMethod,
                SqlServerTests.SkipReason, testCase.TestMethodArguments));
            return base.FindTestsForMethod(testMethod, includeSourceInformation, skipping, discoveryOptions);
        }
    }

    /// <summary>Passes every message on, a discovered test case replaced by its skipped twin.</summary>
    private sealed class SkippingBus(IMessageBus inner, Func<ITestCase, ITestCase> skip) : IMessageBus
    {
        public bool QueueMessage(IMessageSinkMessage message) =>
            inner.QueueMessage(message is ITestCaseDiscoveryMessage discovered ? new TestCaseDiscoveryMessage(skip(discovered.TestCase)) : message);

        public void Dispose()
        {
            // The inner bus belongs to the caller.
        }
    }
}
