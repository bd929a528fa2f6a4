package io.athenalake.query.rest;

import io.athenalake.query.schedule.Schedules;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** The configured schedules: list them, run one now. */
@Path("/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "schedules")
@SecurityRequirement(name = "jwt")
public class ScheduleResource {

    private final Schedules schedules;

    ScheduleResource(Schedules schedules) {
        this.schedules = schedules;
    }

    @GET
    @RolesAllowed({Roles.READER, Roles.RUNNER})
    @Operation(summary = "The configured schedules with their next firing and their last run (its execution and outcome)")
    public List<Schedules.ScheduleView> list() {
        return schedules.list();
    }

    @POST
    @Path("{name}/run")
    @RolesAllowed(Roles.RUNNER)
    @Operation(summary = "Run a schedule now; its outcome is announced where the schedule says")
    public Response runNow(@PathParam("name") String name) {
        String id = schedules.runNow(name);
        return Response.accepted(Map.of("schedule", name, "queryExecutionId", id))
                .location(URI.create("/queries/" + id)).build();
    }
}
