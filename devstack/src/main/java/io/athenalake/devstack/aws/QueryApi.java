package io.athenalake.devstack.aws;

import java.util.List;
import java.util.Map;

/** An AWS API on the Query protocol: form-encoded {@code Action=…} requests, XML answers. */
public interface QueryApi {

    /** The signing name in the request's credential scope, e.g. {@code rds}. */
    String signingName();

    /** The XML namespace of the API's answers. */
    String xmlNamespace();

    /**
     * Answers one action with the inner XML of its {@code <ActionResult>} element.
     *
     * @param parameters the form parameters, flattened as the protocol sends them ({@code Foo.member.1})
     */
    String handle(String action, Map<String, List<String>> parameters);
}
