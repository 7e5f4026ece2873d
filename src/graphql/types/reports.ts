// The moderators' queue: reports of posts. Never cached, and never served to anyone but moderators.
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from './objects.js';
import { DateTimeScalar, ReportReason, ReportResolution, ReportStatus } from './scalars.js';

@ObjectType()
export class Report {
  @Field(() => ID) id!: string;
  // post, reporter and resolvedBy: field resolvers (src/graphql/resolvers/report.resolver.ts).
  @Field(() => ReportReason) reason!: ReportReason;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => ReportStatus) status!: ReportStatus;
  @Field(() => ReportResolution, { nullable: true }) resolution!: ReportResolution | null;
  @Field(() => DateTimeScalar, { nullable: true }) resolvedAt!: string | null;
}

@ObjectType()
export class ReportEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Report) node!: Report;
}

@ObjectType()
export class ReportConnection {
  @Field(() => [ReportEdge]) edges!: ReportEdge[];
  @Field(() => [Report]) nodes!: Report[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
