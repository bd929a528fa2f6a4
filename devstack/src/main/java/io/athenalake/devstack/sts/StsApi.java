package io.athenalake.devstack.sts;

import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.QueryApi;
import io.athenalake.devstack.aws.Xml;

import java.util.List;
import java.util.Map;

/** AWS STS on the Query protocol: who the devstack's credentials belong to. */
public final class StsApi implements QueryApi {

    private final String accountId;

    public StsApi(String accountId) {
        this.accountId = accountId;
    }

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public String xmlNamespace() {
        return "https://sts.amazonaws.com/doc/2011-06-15/";
    }

    @Override
    public String handle(String action, Map<String, List<String>> parameters) {
        if (!"GetCallerIdentity".equals(action)) {
            throw AwsException.invalidAction("STS", action);
        }
        return Xml.element("Arn", "arn:aws:iam::" + accountId + ":user/devstack")
                + Xml.element("UserId", "AIDADEVSTACK0000000001")
                + Xml.element("Account", accountId);
    }
}
